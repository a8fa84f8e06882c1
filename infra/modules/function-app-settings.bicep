// The Function App's app settings, as one resource so that main.bicep can apply them after the role assignments.

@description('Function App name.')
param appName string

@description('Every app setting, by name. The whole set is replaced on each deployment.')
param appSettings object

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: appName
}

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: appSettings
}
