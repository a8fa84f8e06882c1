// The dev stage (branch dev): as test.
using '../main.bicep'

param stage = 'dev'
param postgresNetworking = 'public'
param postgresSku = {
  name: 'Standard_B1ms'
  tier: 'Burstable'
}
param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param alwaysReadyHttpInstances = 0
param deployIngestionSubscription = bool(readEnvironmentVariable('PHOTONRANCH_DEPLOY_INGESTION_SUBSCRIPTION', 'false'))
