// The storage account that replaces the original S3 bucket and DynamoDB tables: one container holding the
// bucket's prefixes (data/, info-images/, allsky/, test/, downloads/) and one table per DynamoDB table. The app
// reaches it with its managed identity only; SAS URLs are user-delegation SAS.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('The container that replaces the S3 bucket.')
param containerName string

@description('The Table Storage tables.')
param tableNames string[]

@description('Days after which generated downloads (downloads/) and info images (info-images/) are deleted.')
param transientBlobRetentionDays int = 2

@description('Days after which image data (data/) moves to the cool tier.')
param dataCoolAfterDays int = 30

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Identity only: account-key SAS and Shared Key requests are refused, so every SAS the app hands out is a
    // user-delegation SAS bound to its identity's Entra token and the key's lifetime.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
  }
}

// Deleted or overwritten blobs (by a caller, a bug or an operator) can be recovered for a week.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// Lifecycle prefixes include the container name (https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview#rule-filters).
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-transient-blobs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${containerName}/downloads/'
                '${containerName}/info-images/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: transientBlobRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'cool-image-data'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${containerName}/data/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: dataCoolAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    container
  ]
}

@description('The account name.')
output name string = account.name

@description('The Blob endpoint (Storage__BlobServiceUri).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('The Table endpoint (Storage__TableServiceUri).')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Queue endpoint (the blob trigger\'s poison queue).')
output queueEndpoint string = account.properties.primaryEndpoints.queue
