// The Functions app on the Flex Consumption plan (.NET 10 isolated worker), running as the user-assigned managed
// identity, behind App Service Authentication with Entra ID.
//
// Entra ID app registration (created by an administrator, not by this template; see DEPLOY.md): it defines the
// app roles Staff, EsafetyOfficer, SeniorManager, Technician and BoardAdmin, and its enterprise application has
// "Assignment required" on, so only people assigned one of those roles can sign in at all. The roles gate
// sign-in; the product's own people directory (a storage table) decides each person's agency and role in the
// product. No client secret: the registration trusts the app's managed identity through a federated identity
// credential, and App Service Authentication uses it when the secret setting is OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID.

import { resourceTags } from 'types.bicep'

@description('Azure region for the resources.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the function app.')
param functionAppName string

@description('Name of the user-assigned managed identity the app runs as.')
param identityName string

@description('Name of the storage account (host storage, durable task hub, app data, deployment package).')
param storageAccountName string

@description('Name of the blob container holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Name of the durable task hub (host.json reads it as %DurableTaskHubName%).')
param durableTaskHubName string

@description('Application (client) id of the Entra ID app registration users sign in to.')
param entraClientId string

@description('Name of the Key Vault holding the app\'s secrets (read through Key Vault references).')
param vaultName string

@description('Name of the Service Bus namespace escalations travel over (the app sends and receives with its identity).')
param serviceBusNamespaceName string

@description('Sender address of every notice the app emails.')
param emailFromAddress string

@description('Public base URL for links in emails; empty uses the app\'s own host name (WEBSITE_HOSTNAME).')
param publicBaseUrl string

@description('Sign-in name of the first board administrator, added at their first sign-in while the board has nobody.')
param firstBoardAdmin string

@description('Maximum number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Tags applied to every resource.')
param tags resourceTags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

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
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the app's user-assigned identity (it holds Key Vault Secrets User).
    keyVaultReferenceIdentity: identity.id
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Every setting here is either read by the app's code (AppSettingNames.ReadByTheApp) or by the Functions
      // host / platform; InfrastructureTests.ConfigurationParityTests holds the two lists together.
      // Flex Consumption sets FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION itself (from
      // functionAppConfig.runtime); they must not be app settings. AzureWebJobsStorage itself is not set: the
      // identity-based AzureWebJobsStorage__* settings replace the connection string.
      // The Service Bus (…__fullyQualifiedNamespace) setting and the Key Vault reference for the link-signing key
      // are added with the escalation features that read them.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'DurableTaskHubName'
          value: durableTaskHubName
        }
        {
          name: 'Email__Provider'
          value: 'sendgrid'
        }
        {
          name: 'Email__From'
          value: emailFromAddress
        }
        {
          // The secret itself lives in Key Vault (secret name sendgrid-api-key; see DEPLOY.md).
          name: 'SendGrid__ApiKey'
          value: '@Microsoft.KeyVault(SecretUri=https://${vaultName}${environment().suffixes.keyvaultDns}/secrets/sendgrid-api-key)'
        }
        {
          // Authenticates SendGrid Inbound Parse posts: the secret in the Parse URL (?key=...)...
          name: 'InboundEmail__Secret'
          value: '@Microsoft.KeyVault(SecretUri=https://${vaultName}${environment().suffixes.keyvaultDns}/secrets/inbound-email-secret)'
        }
        {
          // ...and SendGrid's signed-webhook verification key (base64 DER public key).
          name: 'InboundEmail__VerificationKey'
          value: '@Microsoft.KeyVault(SecretUri=https://${vaultName}${environment().suffixes.keyvaultDns}/secrets/sendgrid-webhook-verification-key)'
        }
        {
          // The board's Entra ID tenant: the app refuses a principal from any other (App Service Authentication is on below).
          name: 'Auth__TenantId'
          value: tenant().tenantId
        }
        {
          // Bootstraps an empty directory: only while the board has nobody, and only for this sign-in name.
          name: 'Directory__FirstBoardAdmin'
          value: firstBoardAdmin
        }
        {
          // Signs the links in referral notices and disclosure packages' one-time download links (secret link-signing-key; see DEPLOY.md).
          name: 'Links__SigningKey'
          value: '@Microsoft.KeyVault(SecretUri=https://${vaultName}${environment().suffixes.keyvaultDns}/secrets/link-signing-key)'
        }
        {
          name: 'App__BaseUrl'
          value: publicBaseUrl
        }
        {
          // Escalations: the app publishes to the `escalations` topic and processes each target's subscription.
          name: 'ServiceBus__fullyQualifiedNamespace'
          value: '${serviceBusNamespaceName}.servicebus.windows.net'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        {
          name: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          value: identity.properties.clientId
        }
        {
          // The host's request size limit: evidence files of up to 100 MB, plus headroom for the request itself.
          name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'
          value: '115343360'
        }
      ]
    }
    functionAppConfig: {
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
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // One instance always running: the escalation consumer is a hosted Service Bus processor (no Service Bus
        // trigger extension is available), so nothing else would wake a scaled-to-zero app for a queued referral.
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: 1
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No basic (user name and password) publishing: deployment uses Entra ID (az functionapp deploy).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // The health probe answers without sign-in (it reveals only up/down); SendGrid Inbound Parse posts without a
      // user and is authenticated by the app itself (signature and/or secret).
      excludedPaths: [
        '/api/health'
        '/api/inbound/email'
        // A referral notice's recipient (the LADO, First Response) has no account here: the signed link is the authority.
        '/referrals/*'
        // The police, LADO or another agency download an approved disclosure package with its signed, one-time link.
        '/api/disclosure-packages'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          // Not a secret: the name of the setting holding the managed identity's client id, which tells App
          // Service Authentication to sign its token requests with a federated credential from that identity.
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      // The app reads only the X-MS-CLIENT-PRINCIPAL header; it needs no stored provider tokens.
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Name of the function app.')
output functionAppName string = functionApp.name

@description('Default host name of the function app.')
output defaultHostName string = functionApp.properties.defaultHostName
