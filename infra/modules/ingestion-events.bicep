// Event Grid for ingestion: a system topic on the data storage account, and (when deploySubscription is on) the
// subscription that sends BlobCreated events under data/ and info-images/ to the Event Grid–source blob trigger.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('System topic name.')
param systemTopicName string

@description('The data storage account whose events are published.')
param storageAccountName string

@description('The container whose new blobs are ingested.')
param containerName string

@description('Create the subscription (only once the function and its blobs_extension key exist).')
param deploySubscription bool

@description('Function App name.')
param functionAppName string

@description('The blob trigger function that receives the events.')
param functionName string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// A module, so that the host key lookup inside it runs only when the subscription is deployed.
module subscription 'ingestion-subscription.bicep' = if (deploySubscription) {
  name: 'ingestion-subscription'
  params: {
    systemTopicName: topic.name
    containerName: containerName
    functionAppName: functionAppName
    functionName: functionName
  }
}
