// What the Function App's managed identity may do, and nothing more. Role ids are Azure built-in roles
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). Assignment names are derived from
// scope, principal and role, so redeployments find the same assignments.

@description('Object id of the Function App\'s system-assigned identity.')
param principalId string

@description('The data storage account (container and tables).')
param dataStorageAccountName string

@description('The Functions host\'s storage account (AzureWebJobsStorage and the deployment package).')
param runtimeStorageAccountName string

@description('The Key Vault holding the connection string.')
param keyVaultName string

var dataStorageRoles = [
  {
    // Read and write blobs, and request the user-delegation key that signs the SAS URLs (BlobSasIssuer). Owner rather
    // than Contributor because it is what Microsoft documents for an identity-based blob trigger connection
    // (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-blob-trigger#identity-based-connections);
    // on this account (no hierarchical namespace) Owner's only extra data actions, ACL management and super-user
    // access, have nothing to act on, so it grants no more in practice.
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
  {
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
  {
    // The blob trigger writes poison messages to a queue in the trigger connection's account
    // (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-blob-trigger#poison-blobs).
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  }
]

// What an identity-based AzureWebJobsStorage needs: blobs for keys, leases and the deployment package, queues and
// tables for trigger bookkeeping (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity).
var runtimeStorageRoles = [
  {
    name: 'Storage Blob Data Owner'
    id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  }
  {
    name: 'Storage Queue Data Contributor'
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  }
  {
    name: 'Storage Table Data Contributor'
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  }
]

// Resolve the Key Vault reference of Postgres__ConnectionString.
var keyVaultRoles = [
  {
    name: 'Key Vault Secrets User'
    id: '4633458b-17de-408a-b874-0445c86b69e6'
  }
]

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: dataStorageAccountName
}

resource runtimeStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: runtimeStorageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource dataStorageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in dataStorageRoles: {
    name: guid(dataStorage.id, principalId, role.id)
    scope: dataStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: role.name
    }
  }
]

resource runtimeStorageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in runtimeStorageRoles: {
    name: guid(runtimeStorage.id, principalId, role.id)
    scope: runtimeStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: role.name
    }
  }
]

resource keyVaultAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in keyVaultRoles: {
    name: guid(vault.id, principalId, role.id)
    scope: vault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.id)
      principalId: principalId
      principalType: 'ServicePrincipal'
      description: role.name
    }
  }
]
