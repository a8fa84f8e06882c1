// The "vnet" networking option: a virtual network with one subnet the Function App integrates with (outbound) and
// one the PostgreSQL server is injected into, plus the private DNS zone that resolves the server's name inside it.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Virtual network name.')
param networkName string

@description('The PostgreSQL server name; its private DNS zone is named after it.')
param postgresServerName string

@description('Address space of the virtual network.')
param addressPrefix string = '10.60.0.0/16'

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: networkName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments
        // (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#virtual-network-integration).
        name: 'functions'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          delegations: [
            {
              name: 'postgres-flexible-server'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

// A VNet-injected flexible server needs a private zone ending in postgres.database.azure.com
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private#private-dns-zone-and-virtual-network-peering).
resource postgresDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: '${postgresServerName}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: postgresDnsZone
  name: networkName
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

@description('The subnet the Function App integrates with.')
output functionAppSubnetId string = vnet.properties.subnets[0].id

@description('The subnet the PostgreSQL server is injected into.')
output postgresSubnetId string = vnet.properties.subnets[1].id

@description('The private DNS zone of the PostgreSQL server (linked to the network).')
output postgresPrivateDnsZoneId string = postgresDnsZone.id
