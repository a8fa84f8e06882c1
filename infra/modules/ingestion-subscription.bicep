// The Event Grid subscription of the ingestion blob trigger. The endpoint of an Event Grid–source blob trigger is
// the blobs extension webhook, authorized by the blobs_extension system key
// (https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger#create-the-event-subscription).

@description('The storage account\'s system topic.')
param systemTopicName string

@description('The container whose new blobs are ingested.')
param containerName string

@description('Function App name.')
param functionAppName string

@description('The blob trigger function that receives the events.')
param functionName string

@description('Blob name prefixes (inside the container) whose BlobCreated events are delivered.')
param ingestedPrefixes string[] = [
  'data/'
  'info-images/'
]

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// The host keys have no resource type in Bicep's type catalogue; listKeys on the host resource id reads them.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-11-01').systemKeys.blobs_extension
var containerSubject = '/blobServices/default/containers/${containerName}/blobs/'

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: toLower(functionName)
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: containerSubject
      advancedFilters: [
        {
          operatorType: 'StringBeginsWith'
          key: 'subject'
          values: [for prefix in ingestedPrefixes: '${containerSubject}${prefix}']
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
