// The Function App on a Flex Consumption plan: Linux, .NET 10 isolated worker, system-assigned identity, code
// deployed from a blob container through that identity. App settings are applied by function-app-settings.bicep
// once the identity's role assignments exist.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (also its host name).')
param appName string

@description('URL of the blob container the deployment package is uploaded to.')
param deploymentContainerUrl string

@description('Instances of the "http" group kept warm.')
param alwaysReadyHttpInstances int

@description('Upper bound of instances.')
param maximumInstanceCount int

@description('Memory per instance in MB.')
param instanceMemoryMB int

@description('Subnet (delegated to Microsoft.App/environments) for outbound virtual network integration; empty for none.')
param subnetId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      // Platform CORS stays off: the app answers OPTIONS and sets the CORS headers itself on both hosts; with
      // allowed origins here the platform would answer preflights and replace those headers
      // (https://learn.microsoft.com/azure/azure-functions/functions-how-to-use-azure-function-app-settings#cors).
      cors: {
        allowedOrigins: []
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments authenticate with Entra tokens (the workflow's OIDC login); publishing user names and passwords
// are switched off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The app name.')
output name string = app.name

@description('The app\'s default host name.')
output defaultHostName string = app.properties.defaultHostName

@description('The object id of the app\'s system-assigned identity.')
output principalId string = app.identity.principalId
