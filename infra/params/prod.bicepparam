// The prod stage (branch main): general-purpose zone-redundant database reachable only inside a virtual network
// (migrations run at app start-up), one always-ready instance against cold starts, Key Vault purge protection.
using '../main.bicep'

param stage = 'prod'
param postgresNetworking = 'vnet'
param postgresSku = {
  name: 'Standard_D2ds_v5'
  tier: 'GeneralPurpose'
}
param postgresStorageSizeGB = 128
param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param alwaysReadyHttpInstances = 1
param keyVaultPurgeProtection = true
param deployIngestionSubscription = bool(readEnvironmentVariable('PHOTONRANCH_DEPLOY_INGESTION_SUBSCRIPTION', 'false'))
