// Azure Database for PostgreSQL Flexible Server holding the image-metadata database (the original's RDS Postgres).
// Password authentication for the app's login; the password lives only here and in the Key Vault secret.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Server name.')
param serverName string

@description('The app\'s database.')
param databaseName string

@description('Administrator login.')
param administratorLogin string

@description('Administrator password.')
@secure()
param administratorPassword string

@description('Compute SKU: { name, tier }.')
param sku object

@description('Storage in GiB.')
param storageSizeGB int

@description('Zone-redundant high availability (not available on the Burstable tier).')
param highAvailability bool

@description('Subnet to inject the server into ("vnet" networking); empty for a public endpoint.')
param delegatedSubnetId string

@description('Private DNS zone of the server ("vnet" networking); empty for a public endpoint.')
param privateDnsZoneId string

@description('Extra firewall rules for the public endpoint: [{ name, startIpAddress, endIpAddress }].')
param firewallRules array

@description('PostgreSQL major version.')
param version string = '16'

var isPublic = empty(delegatedSubnetId)

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: serverName
  location: location
  tags: tags
  sku: sku
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: highAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: isPublic
      ? {
          publicNetworkAccess: 'Enabled'
        }
      : {
          publicNetworkAccess: 'Disabled'
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneArmResourceId: privateDnsZoneId
        }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Flex Consumption instances have no fixed outbound addresses, so the public endpoint admits Azure services
// (the 0.0.0.0 rule: https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules#connect-from-azure).
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (isPublic) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

@batchSize(1)
resource extraRules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [
  for rule in (isPublic ? firewallRules : []): {
    parent: server
    name: rule.name
    properties: {
      startIpAddress: rule.startIpAddress
      endIpAddress: rule.endIpAddress
    }
  }
]

@description('The server name.')
output name string = server.name

@description('The host name clients connect to.')
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName

@description('The database name.')
output databaseName string = database.name
