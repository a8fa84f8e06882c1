// Log Analytics workspace and the workspace-based Application Insights resource the Functions host and worker
// write to.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights name.')
param appInsightsName string

@description('Days the workspace keeps logs.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// A connection string is not a secret: it identifies the resource, it does not authorize reading anything
// (https://learn.microsoft.com/azure/azure-monitor/app/connection-strings).
@description('The Application Insights connection string (APPLICATIONINSIGHTS_CONNECTION_STRING).')
output connectionString string = appInsights.properties.ConnectionString
