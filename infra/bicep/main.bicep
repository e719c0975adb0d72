// EsafetyServerless: everything one safeguarding board needs in its own subscription, in one resource group.
//   az deployment group create --resource-group <rg> --template-file infra/bicep/main.bicep \
//     --parameters infra/bicep/main.bicepparam
// The Functions app runs as a user-assigned managed identity; every service it talks to (storage, Service Bus,
// Key Vault, Application Insights) has local/shared-key auth off and grants that identity a data-plane role
// (modules/rbac.bicep). No secret passes through a parameter or an output. See DEPLOY.md.

targetScope = 'resourceGroup'

import { resourceTags } from 'modules/types.bicep'

@description('Azure region for the resources; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Short lower-case prefix (letters and digits) for resource names; a hash of the resource group makes them unique.')
@minLength(3)
@maxLength(9)
param namePrefix string = 'esafety'

@description('Application (client) id of the Entra ID app registration users sign in to (it defines the app roles).')
@minLength(36)
@maxLength(36)
param entraClientId string

@description('Name of the durable task hub (letters and digits, 3-45 characters).')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'EsafetyHub'

@description('Replication of the storage account (raw mail, quarantine, evidence, the app\'s tables).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('E-mail address told when an escalation is dead-lettered; empty for none (the alert still shows in the portal).')
param alertEmailAddress string = ''

@description('Days to keep logs in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Maximum number of instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Sender address of every notice the app emails (a domain authenticated in SendGrid).')
param emailFromAddress string = 'esafety-noreply@example.org'

@description('Public base URL for links in emails when the app has a custom domain; empty uses the app\'s own host name.')
param publicBaseUrl string = ''

@description('Sign-in name (UPN) of the first board administrator: while the board has nobody in the directory, this person\'s first sign-in adds them as board admin. Leave empty once the board has an admin.')
param firstBoardAdmin string = ''

@description('Tags applied to every resource.')
param tags resourceTags = {}

var prefix = toLower(namePrefix)
var suffix = uniqueString(subscription().id, resourceGroup().id, prefix)
// Names are computed here, not read from module outputs, so What-If can predict every resource id.
var storageAccountName = 'st${prefix}${suffix}'
var serviceBusNamespaceName = 'sb-${prefix}-${suffix}'
var vaultName = 'kv${prefix}${suffix}'
var appInsightsName = 'appi-${prefix}-${suffix}'
// One Service Bus subscription per escalation target; the app sets each message's subject to the target.
var escalationTargets = [
  'police'
  'ceop'
  'iwf'
  'lado'
  'first-response'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${prefix}-${suffix}'
  location: location
  tags: tags
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmailAddress)) {
  name: 'ag-${prefix}-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'esafety'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${prefix}-${suffix}'
    appInsightsName: appInsightsName
    retentionInDays: logRetentionInDays
    tags: tags
    poisonMessageAlertName: 'alert-${prefix}-durable-poison-messages'
    actionGroupId: empty(alertEmailAddress) ? '' : actionGroup.id
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: storageAccountName
    skuName: storageSkuName
    deleteRetentionDays: 30
    tags: tags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'serviceBus'
  params: {
    location: location
    namespaceName: serviceBusNamespaceName
    escalationTargets: escalationTargets
    deadLetterAlertName: 'alert-${prefix}-escalations-deadlettered'
    actionGroupId: empty(alertEmailAddress) ? '' : actionGroup.id
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    vaultName: vaultName
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    // The principal id is only known once the identity exists, and it belongs in each role assignment's name
    // (guid(scope, principal, role)): a re-created identity then gets new assignments instead of a conflict.
    // What-If cannot predict those names before deployment; that is accepted.
    #disable-next-line what-if-short-circuiting
    principalId: identity.properties.principalId
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    vaultName: vaultName
    appInsightsName: appInsightsName
  }
  dependsOn: [
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    location: location
    planName: 'plan-${prefix}-${suffix}'
    functionAppName: 'func-${prefix}-${suffix}'
    identityName: identity.name
    storageAccountName: storageAccountName
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: appInsightsName
    durableTaskHubName: durableTaskHubName
    entraClientId: entraClientId
    vaultName: vaultName
    serviceBusNamespaceName: serviceBus.outputs.namespaceName
    emailFromAddress: emailFromAddress
    publicBaseUrl: publicBaseUrl
    firstBoardAdmin: firstBoardAdmin
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tags: tags
  }
  // The host reads its deployment package and storage with the identity: grant the roles first (rbac itself
  // waits for storage and monitoring).
  dependsOn: [
    rbac
  ]
}

@description('Name of the function app.')
output functionAppName string = functionApp.outputs.functionAppName

@description('The app\'s address.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.storageAccountName

@description('Name of the Service Bus namespace.')
output serviceBusNamespaceName string = serviceBus.outputs.namespaceName

@description('Name of the Key Vault (an operator adds the secrets; see DEPLOY.md).')
output keyVaultName string = keyVault.outputs.vaultName

@description('Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName

@description('Client id of the app\'s managed identity (the subject of the Entra app registration\'s federated credential is its principal id).')
output managedIdentityClientId string = identity.properties.clientId

@description('Principal (object) id of the app\'s managed identity: the subject of the federated identity credential on the Entra app registration.')
output managedIdentityPrincipalId string = identity.properties.principalId
