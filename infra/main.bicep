// Photon Ranch API on Azure: one resource group per stage holding the Function App (Flex Consumption, Linux,
// .NET 10 isolated worker), its two storage accounts, PostgreSQL Flexible Server, Key Vault, Application Insights
// and the Event Grid topic that will feed ingestion. Deployed by .github/workflows/deploy.yml; see
// docs/deployment.md for a first deployment from zero.
targetScope = 'resourceGroup'

metadata description = 'Photon Ranch API (PhotonRanch.Functions) for one stage: test, dev or prod.'

@description('The original API\'s stage this deployment serves; names and tags carry it.')
@allowed([
  'test'
  'dev'
  'prod'
])
param stage string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('How the Function App reaches PostgreSQL. "public": public endpoint with a firewall (Azure services plus postgresFirewallRules); migrations run from the deploy workflow. "vnet": the server is injected into a virtual network the Function App is integrated with, no public endpoint; migrations run at app start-up.')
@allowed([
  'public'
  'vnet'
])
param postgresNetworking string = 'public'

@description('Extra PostgreSQL firewall rules (public networking only), e.g. an operator\'s address: [{ name, startIpAddress, endIpAddress }].')
param postgresFirewallRules array = []

@description('PostgreSQL compute: SKU name and tier, e.g. Standard_B1ms / Burstable.')
param postgresSku object = {
  name: 'Standard_B1ms'
  tier: 'Burstable'
}

@description('PostgreSQL storage in GiB.')
param postgresStorageSizeGB int = 32

@description('Administrator login of the PostgreSQL server; the app connects as this login.')
param postgresAdministratorLogin string = 'photonranch'

@description('Administrator password of the PostgreSQL server. It is stored only in the server and in the Key Vault secret holding the app\'s connection string.')
@secure()
@minLength(16)
param postgresAdministratorPassword string

@description('The key that signs upload policies (POST /upload → POST /upload/receive), stored in Key Vault. By default a new random one each deployment, which only invalidates upload policies handed out in the 300 s before it.')
@secure()
@minLength(32)
param uploadSigningKey string = '${newGuid()}${newGuid()}'

@description('The largest file the upload receiver accepts, in bytes (site computers send up to ~100 MB). The host\'s request body limit is set to this plus 1 MiB for the form.')
@minValue(1)
param uploadMaxFileBytes int = 524288000

@description('Instances of the Flex Consumption "http" group kept warm (0 = scale to zero, cold starts on the first request).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('Upper bound of Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each Flex Consumption instance in MB (2048 matches the original\'s largest Lambda).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Turn on Key Vault purge protection (cannot be turned off again; use it for prod).')
param keyVaultPurgeProtection bool = false

@description('Create the Event Grid subscription that delivers BlobCreated events to the ingestion function. Its webhook needs the blobs_extension system key, which exists only after code with a blob trigger is deployed: the deploy workflow sets this in a second step once the function exists.')
param deployIngestionSubscription bool = false

@description('The Event Grid–source blob trigger function that ingests new files.')
param ingestionFunctionName string = 'IngestBlob'

@description('The container that replaces the original S3 bucket (Storage__ContainerName).')
param containerName string = 'photonranch-001'

@description('Table Storage names of the original DynamoDB tables, by StorageTableNames property (Storage__Tables__*).')
param tableNames object = {
  SiteConfigurations: 'siteconfigurations'
  RecentUploadsLog: 'recentuploadslog'
  InfoImages: 'infoimages'
  NightLog: 'nightlog'
  PipeQueue: 'pipequeuetable'
}

@description('The PostgreSQL schema of the app\'s tables (Postgres__Schema).')
param postgresSchema string = 'public'

@description('Bearer-token audience: the Auth0 application\'s client id (Auth__ClientId). Empty leaves auth off: protected endpoints answer 503.')
param authClientId string = ''

@description('Issuer every token must carry, e.g. https://photonranch.auth0.com/ (Auth__Issuer); empty accepts any issuer.')
param authIssuer string = ''

@description('Where the token signing keys are published, e.g. https://photonranch.auth0.com/.well-known/jwks.json (Auth__JwksUri).')
param authJwksUri string = ''

@description('Instead of a JWKS address: the PEM certificate whose public key signs the tokens (Auth__CertificatePem). Public, not a secret.')
param authCertificatePem string = ''

@description('Opt-in: require a token for PUT/DELETE /{site}/config, which the original left open and site computers call without one (Auth__ProtectConfigWrites).')
param authProtectConfigWrites bool = false

var tags = {
  application: 'photonranch-api'
  stage: stage
}

// Deterministic per resource group and stage, so redeployments address the same resources.
var token = uniqueString(resourceGroup().id, stage)
var names = {
  logAnalytics: 'log-photonranch-${stage}-${token}'
  appInsights: 'appi-photonranch-${stage}-${token}'
  dataStorage: 'stprd${token}'
  runtimeStorage: 'stprf${token}'
  plan: 'plan-photonranch-${stage}-${token}'
  functionApp: 'func-photonranch-${stage}-${token}'
  keyVault: 'kv-pr-${token}'
  postgres: 'psql-photonranch-${stage}-${token}'
  network: 'vnet-photonranch-${stage}-${token}'
  systemTopic: 'evgt-photonranch-${stage}-${token}'
}
var postgresDatabaseName = 'photonranch'
var postgresConnectionStringSecretName = 'postgres-connection-string'
var uploadSigningKeySecretName = 'upload-signing-key'
var useVnet = postgresNetworking == 'vnet'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  name: 'data-storage'
  params: {
    location: location
    tags: tags
    accountName: names.dataStorage
    containerName: containerName
    tableNames: map(items(tableNames), table => table.value)
  }
}

module runtimeStorage 'modules/runtime-storage.bicep' = {
  name: 'runtime-storage'
  params: {
    location: location
    tags: tags
    accountName: names.runtimeStorage
  }
}

module network 'modules/network.bicep' = if (useVnet) {
  name: 'network'
  params: {
    location: location
    tags: tags
    networkName: names.network
    postgresServerName: names.postgres
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    tags: tags
    serverName: names.postgres
    databaseName: postgresDatabaseName
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
    sku: postgresSku
    storageSizeGB: postgresStorageSizeGB
    highAvailability: stage == 'prod' && postgresSku.tier != 'Burstable'
    delegatedSubnetId: useVnet ? network!.outputs.postgresSubnetId : ''
    privateDnsZoneId: useVnet ? network!.outputs.postgresPrivateDnsZoneId : ''
    firewallRules: postgresFirewallRules
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    purgeProtection: keyVaultPurgeProtection
    postgresConnectionStringSecretName: postgresConnectionStringSecretName
    postgresHost: postgres.outputs.fullyQualifiedDomainName
    postgresDatabaseName: postgresDatabaseName
    postgresLogin: postgresAdministratorLogin
    postgresPassword: postgresAdministratorPassword
    uploadSigningKeySecretName: uploadSigningKeySecretName
    uploadSigningKey: uploadSigningKey
  }
}

// Every setting the app binds (the options classes' Section__Property names; a test compares this object with
// them) plus the Functions host's own. Nothing here is a secret: the database connection string and the upload
// signing key are Key Vault references the platform resolves with the app's identity, and storage is reached with
// that identity.
var appSettings = {
  AzureWebJobsStorage__accountName: names.runtimeStorage
  // The host answers "/" with its HTML homepage unless this is true; the app's Root function serves "/" in any case,
  // and with the homepage off a deployment whose Root were missing answers an empty 204 there, never HTML.
  AzureWebJobsDisableHomepage: 'true'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  Storage__ConnectionString: ''
  Storage__BlobServiceUri: dataStorage.outputs.blobEndpoint
  Storage__TableServiceUri: dataStorage.outputs.tableEndpoint
  Storage__ContainerName: containerName
  Storage__CreateIfMissing: 'false'
  Storage__Tables__SiteConfigurations: tableNames.SiteConfigurations
  Storage__Tables__RecentUploadsLog: tableNames.RecentUploadsLog
  Storage__Tables__InfoImages: tableNames.InfoImages
  Storage__Tables__NightLog: tableNames.NightLog
  Storage__Tables__PipeQueue: tableNames.PipeQueue
  Postgres__ConnectionString: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.postgresConnectionStringSecretUri})'
  Postgres__Schema: postgresSchema
  // Without a route from the deploy runner to a VNet-injected server, the app applies migrations itself.
  Postgres__MigrateOnStartup: string(useVnet)
  Auth__ClientId: authClientId
  Auth__Issuer: authIssuer
  Auth__JwksUri: authJwksUri
  Auth__CertificatePem: authCertificatePem
  Auth__ProtectConfigWrites: string(authProtectConfigWrites)
  Auth__ClockSkew: '00:01:00'
  Uploads__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uploadSigningKeySecretUri})'
  Uploads__MaxFileBytes: string(uploadMaxFileBytes)
  Downloads__MaxZipFiles: '1000'
  Downloads__MaxZipBytes: '10737418240'
  Downloads__MaxImagePixels: '268435456'
  Downloads__MaxOutputBytes: '1073741824'
  Downloads__MaxExpansionRatio: '1000'
  Ingestion__MaxTextHeaderBytes: '1048576'
  // The host refuses larger request bodies before the receiver sees them (100 MB by default, below what site
  // computers send); the form's fields and part headers need a little room beside the file.
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: string(uploadMaxFileBytes + 1048576)
  // The ingestion blob trigger's identity-based connection (IngestionFunctions.StorageConnection): the data account,
  // blobs to read the new blob, queues for the trigger's poison messages.
  IngestionStorage__blobServiceUri: dataStorage.outputs.blobEndpoint
  IngestionStorage__queueServiceUri: dataStorage.outputs.queueEndpoint
  IngestionStorage__credential: 'managedidentity'
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    planName: names.plan
    appName: names.functionApp
    deploymentContainerUrl: runtimeStorage.outputs.deploymentContainerUrl
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    subnetId: useVnet ? network!.outputs.functionAppSubnetId : ''
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: functionApp.outputs.principalId
    dataStorageAccountName: dataStorage.outputs.name
    runtimeStorageAccountName: runtimeStorage.outputs.name
    keyVaultName: keyVault.outputs.name
  }
}

// Applied after the role assignments, so the platform can resolve the Key Vault reference and the host can reach
// its storage the first time the app starts with these settings.
module functionAppSettings 'modules/function-app-settings.bicep' = {
  name: 'function-app-settings'
  params: {
    appName: functionApp.outputs.name
    appSettings: appSettings
  }
  dependsOn: [
    roleAssignments
  ]
}

module ingestion 'modules/ingestion-events.bicep' = {
  name: 'ingestion-events'
  params: {
    location: location
    tags: tags
    systemTopicName: names.systemTopic
    storageAccountName: dataStorage.outputs.name
    containerName: containerName
    deploySubscription: deployIngestionSubscription
    functionAppName: functionApp.outputs.name
    functionName: ingestionFunctionName
  }
  dependsOn: [
    functionAppSettings
  ]
}

@description('The Function App, for `az functionapp` commands.')
output functionAppName string = functionApp.outputs.name

@description('The API\'s base URL.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('The PostgreSQL server, for the migration step.')
output postgresServerName string = postgres.outputs.name

@description('The PostgreSQL host name, for the migration step.')
output postgresHost string = postgres.outputs.fullyQualifiedDomainName

@description('The login the app and the migration step connect as.')
output postgresLogin string = postgresAdministratorLogin

@description('public or vnet: whether the deploy workflow runs migrations itself.')
output postgresNetworking string = postgresNetworking

@description('The blob trigger the Event Grid subscription calls.')
output ingestionFunctionName string = ingestionFunctionName

@description('The storage account that holds the container and tables.')
output dataStorageAccountName string = dataStorage.outputs.name

@description('The Key Vault holding the connection string secret.')
output keyVaultName string = keyVault.outputs.name
