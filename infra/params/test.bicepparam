// The test stage (branch test): smallest database, public endpoint, scale to zero.
using '../main.bicep'

param stage = 'test'
param postgresNetworking = 'public'
param postgresSku = {
  name: 'Standard_B1ms'
  tier: 'Burstable'
}
param postgresAdministratorPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')
param alwaysReadyHttpInstances = 0
param deployIngestionSubscription = bool(readEnvironmentVariable('PHOTONRANCH_DEPLOY_INGESTION_SUBSCRIPTION', 'false'))
