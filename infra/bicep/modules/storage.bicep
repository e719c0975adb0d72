// The storage account: the Functions host's own storage (AzureWebJobsStorage, identity-based), the durable task
// hub (queues, tables, blob leases), the app's tables (created by the app at run time), and the blob containers.
// No shared-key access: every caller uses Entra ID (the app's managed identity, or a person's sign-in).

import { resourceTags } from 'types.bicep'

@description('Azure region for the resources.')
param location string

@description('Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

@description('Tags applied to every resource.')
param tags resourceTags

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Versioning is what version-level immutability (the evidence container) is built on.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

// The Flex Consumption deployment package (the host reads it with the app's user-assigned identity).
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'deployment'
  properties: {
    publicAccess: 'None'
  }
}

// Inbound mail exactly as received (SendGrid Inbound Parse), before it is parsed.
resource rawMailContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'raw-mail'
  properties: {
    publicAccess: 'None'
  }
}

// Attachments held apart until they are scanned and classified.
resource quarantineContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'attachments-quarantine'
  properties: {
    publicAccess: 'None'
  }
}

// Evidence: version-level immutability support, so a legal hold (or a time-based retention policy) can be
// placed on each blob version that must be preserved for the police, LADO or the courts.
resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'evidence'
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// Disclosure packages: the export zips approved by a senior manager, each downloadable once through a signed link.
// Not immutable — they are copies, and the retention purge removes them with the incident.
resource disclosuresContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'disclosures'
  properties: {
    publicAccess: 'None'
  }
}

// The documents of each acceptable use policy version (the registers of the review cycle).
resource aupDocumentsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'aup-documents'
  properties: {
    publicAccess: 'None'
  }
}

@description('Name of the storage account.')
output storageAccountName string = storage.name

@description('Name of the blob container holding the Flex Consumption deployment package.')
output deploymentContainerName string = deploymentContainer.name

@description('Names of the blob containers.')
output containerNames string[] = [
  deploymentContainer.name
  rawMailContainer.name
  quarantineContainer.name
  evidenceContainer.name
  disclosuresContainer.name
  aupDocumentsContainer.name
]
