// Log Analytics workspace + workspace-based Application Insights. Local (instrumentation-key) auth is disabled:
// telemetry is accepted only with an Entra ID token, which the app gets from its managed identity (it holds
// Monitoring Metrics Publisher on the component, see rbac.bicep).

@description('Azure region for the resources.')
param location string

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days to keep logs in the workspace.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Tags applied to every resource.')
param tags resourceTags

@description('Name of the log alert on durable task messages the engine keeps failing on.')
param poisonMessageAlertName string

@description('Action group the alerts notify; empty for none (the alert still fires in the portal).')
param actionGroupId string

import { resourceTags } from 'types.bicep'

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

// The durable engine's Azure Storage provider has no limit on retries: a message it cannot process is abandoned with a
// back-off capped at 10 minutes and retried for ever, and from its tenth delivery each attempt logs PoisonMessageDetected
// (category DurableTask.AzureStorage, level Warning, kept by host.json). The workflow behind it is stuck: tell a person.
resource poisonMessageAlert 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: poisonMessageAlertName
  location: location
  tags: tags
  properties: {
    description: 'The durable engine keeps failing on a task hub message (PoisonMessageDetected): the workflow it belongs to is stuck until an operator deals with the message.'
    severity: 1
    enabled: true
    scopes: [
      workspace.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT30M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'AppTraces | where Message has "is now considered poison"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: empty(actionGroupId) ? [] : [actionGroupId]
    }
  }
}

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name

@description('Name of the Log Analytics workspace.')
output workspaceName string = workspace.name
