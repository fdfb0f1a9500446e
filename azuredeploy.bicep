// Orquesta.Azure on Azure Functions: the Function app (.NET 10 isolated worker), its storage account
// (Durable task hub and the project's tables), a user-assigned managed identity that reaches that
// storage and Application Insights without keys, and monitoring. Why each choice:
// docs/decisions/0005-deployment.md. How to deploy: docs/deploy.md.
//
//   az deployment group create --resource-group <group> --template-file azuredeploy.bicep \
//     --parameters namePrefix=<prefix>

targetScope = 'resourceGroup'

@description('Prefix of every resource name: 3 to 11 lowercase letters or digits (the storage account name is the prefix and a 13-character hash of the resource group).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Hosting plan: Flex Consumption (serverless, scale to zero) or Elastic Premium (always-warm instances).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param plan string = 'FlexConsumption'

@description('Whether workflows may run the core.local and core.local_sudo actions (shell commands on the Function host). Off in Azure.')
param enableCoreLocal bool = false

@description('Flex Consumption only: memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption: the most instances the app scales out to (40 to 1000). Elastic Premium: the most elastic workers of the plan (1 to 100).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Elastic Premium only: the plan size.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param elasticPremiumSku string = 'EP1'

@description('Name of the Durable Functions task hub (3 to 45 letters or digits, starting with a letter). Two apps sharing a storage account need different hubs.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'OrquestaHub'

@description('Largest HTTP request body the API accepts, in bytes (workflow definitions, execution inputs, answers).')
@minValue(1024)
param maxRequestBytes int = 1048576

@description('Days Log Analytics keeps the app\'s logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Tags put on every resource.')
param tags object = {}

var isFlex = plan == 'FlexConsumption'
var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageAccountName = toLower('${namePrefix}${suffix}')
var functionAppName = '${namePrefix}-func-${suffix}'
var deploymentContainerName = 'app-package-${take(toLower(functionAppName), 32)}'

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-appi-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry is accepted only with an Entra ID token: the app sends it as its managed identity.
    DisableLocalAuth: true
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: '${namePrefix}-id-${suffix}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    // Flex Consumption deploys the app package into this container.
    resource deploymentContainer 'containers' = if (isFlex) {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

// What the Durable Functions Azure Storage backend and the Functions host need (blobs: leases and
// large messages, and the Flex deployment package; queues: control and work-item queues; tables:
// history and instances), and what the app needs for its own tables (definitions, executions,
// snapshots).
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appInsightsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource hostingPlan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: elasticPremiumSku
        tier: 'ElasticPremium'
        family: 'EP'
      }
  properties: {
    // Linux.
    reserved: true
    maximumElasticWorkerCount: isFlex ? null : min(maximumInstanceCount, 100)
  }
}

// The settings the app and the Functions host read, the same on both plans.
var commonAppSettings = [
  // The host's storage (task hub, leases, keys) through the managed identity: no connection string.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  // The identity DefaultAzureCredential picks in the worker (for Orquesta__TableServiceUri).
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  // host.json reads the hub name from this setting ("hubName": "%OrquestaTaskHub%").
  {
    name: 'OrquestaTaskHub'
    value: taskHubName
  }
  {
    name: 'Orquesta__EnableCoreLocal'
    value: string(enableCoreLocal)
  }
  // The project's tables, reached with the managed identity.
  {
    name: 'Orquesta__TableServiceUri'
    value: 'https://${storage.name}.table.${environment().suffixes.storage}'
  }
  {
    name: 'Orquesta__MaxRequestBytes'
    value: string(maxRequestBytes)
  }
]

// Flex Consumption takes the runtime from functionAppConfig and refuses these settings; Elastic
// Premium needs them. Without Azure Files (shared keys are off) the Premium app runs from the
// package that zip deploy uploads.
var elasticPremiumAppSettings = [
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'dotnet-isolated'
  }
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
]

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: hostingPlan.id
    httpsOnly: true
    reserved: true
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identity.id
              }
            }
          }
          scaleAndConcurrency: {
            instanceMemoryMB: instanceMemoryMB
            maximumInstanceCount: max(maximumInstanceCount, 40)
          }
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
        }
      : null
    siteConfig: {
      linuxFxVersion: isFlex ? null : 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: isFlex ? commonAppSettings : concat(commonAppSettings, elasticPremiumAppSettings)
    }
  }
  dependsOn: [
    // The host reaches storage as soon as it starts: grant the roles first.
    storageRoleAssignments
    appInsightsRoleAssignment
    // Flex Consumption checks its deployment container when the app is created.
    storage::blobServices::deploymentContainer
  ]
}

// Elastic Premium: FTP off at the publishing-credential level too (ftpsState covers the protocol).
// Flex Consumption has no FTP publishing to turn off.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = if (!isFlex) {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Name of the Function app (for az functionapp commands).')
output functionAppName string = functionApp.name

@description('Base URL of the app; the HTTP API is under /api.')
output baseUrl string = 'https://${functionApp.properties.defaultHostName}'

@description('Name of the storage account holding the task hub and the project\'s tables.')
output storageAccountName string = storage.name
