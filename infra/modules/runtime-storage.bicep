// The Functions host's own storage account (AzureWebJobsStorage: keys, leases, trigger bookkeeping) and the
// container Flex Consumption deploys the app package from. Kept apart from the data account so the host's
// broader roles and the data's lifecycle rules never touch each other.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('The container holding the deployment package.')
param deploymentContainerName string = 'app-package'

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
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

@description('The account name (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('The URL of the deployment package container.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
