// Key Vault in RBAC mode for the product's secrets: the SendGrid API key, the SendGrid webhook verification key
// and the link-signing key. The template creates the vault (and, in rbac.bicep, gives the app Key Vault Secrets
// User); an operator puts the secret values in after deployment (DEPLOY.md). No secret value ever passes
// through a template parameter or output.

import { resourceTags } from 'types.bicep'

@description('Azure region for the resources.')
param location string

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Tags applied to every resource.')
param tags resourceTags

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

@description('Name of the Key Vault.')
output vaultName string = vault.name

@description('URI of the Key Vault (for Key Vault references, @Microsoft.KeyVault(SecretUri=...)).')
output vaultUri string = vault.properties.vaultUri
