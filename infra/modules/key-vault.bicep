// The Key Vault holding the app's secrets: the Npgsql connection string of the image database and the key that signs
// upload policies. Access is by Azure RBAC; the app's identity gets Key Vault Secrets User (role-assignments.bicep)
// and the app settings Postgres__ConnectionString and Uploads__SigningKey are Key Vault references to the secrets'
// latest versions.

@description('Azure region.')
param location string

@description('Tags of every resource.')
param tags object

@description('Vault name (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Purge protection (cannot be turned off once on).')
param purgeProtection bool

@description('Name of the secret holding the Npgsql connection string.')
param postgresConnectionStringSecretName string

@description('PostgreSQL host name.')
param postgresHost string

@description('PostgreSQL database.')
param postgresDatabaseName string

@description('PostgreSQL login.')
param postgresLogin string

@description('PostgreSQL password.')
@secure()
param postgresPassword string

@description('Name of the secret holding the upload-policy signing key.')
param uploadSigningKeySecretName string

@description('The upload-policy signing key (HMAC-SHA256, at least 32 characters).')
@secure()
@minLength(32)
param uploadSigningKey string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The property may only be set to true or left out; false is refused by the service.
    enablePurgeProtection: purgeProtection ? true : null
  }
}

// VerifyFull: encrypted and the server's certificate checked against the OS trust store (Azure's PostgreSQL
// certificates chain to public roots: https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls).
resource postgresConnectionString 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: postgresConnectionStringSecretName
  properties: {
    contentType: 'Npgsql connection string'
    value: 'Host=${postgresHost};Port=5432;Database=${postgresDatabaseName};Username=${postgresLogin};Password=${postgresPassword};SSL Mode=VerifyFull'
  }
}

resource uploadSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: uploadSigningKeySecretName
  properties: {
    contentType: 'HMAC-SHA256 key of upload policies'
    value: uploadSigningKey
  }
}

@description('The vault name.')
output name string = vault.name

// Without a version, the reference follows the latest version of the secret
// (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#rotation).
@description('The secret\'s URI without a version, for the Key Vault reference.')
output postgresConnectionStringSecretUri string = '${vault.properties.vaultUri}secrets/${postgresConnectionString.name}'

@description('The upload signing key secret\'s URI without a version, for the Key Vault reference.')
output uploadSigningKeySecretUri string = '${vault.properties.vaultUri}secrets/${uploadSigningKeySecret.name}'
