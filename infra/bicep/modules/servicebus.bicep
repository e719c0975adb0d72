// Service Bus: the `escalations` topic, one subscription per escalation target. The app publishes each escalation
// once with the target as the message subject (label); each subscription keeps only its own target's messages.
// Local (SAS key) auth is off: the app sends and receives with its managed identity (rbac.bicep).

import { resourceTags } from 'types.bicep'

@description('Azure region for the resources.')
param location string

@description('Name of the Service Bus namespace.')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('The escalation targets: one subscription each, named after the target, filtered on the message subject.')
param escalationTargets string[]

@description('Name of the metric alert on dead-lettered messages.')
param deadLetterAlertName string

@description('Action group the dead-letter alert notifies; empty for none (the alert still fires in the portal).')
param actionGroupId string

@description('Tags applied to every resource.')
param tags resourceTags

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource escalations 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: 'escalations'
  properties: {
    // The app sets MessageId to the escalation's id, so a retried send is not delivered twice.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for target in escalationTargets: {
    parent: escalations
    name: target
    properties: {
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      enableBatchedOperations: true
    }
  }
]

// Named `$Default` so it replaces the catch-all rule Service Bus gives a new subscription (which would otherwise
// deliver every target's escalations to every subscription).
resource subjectFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for (target, i) in escalationTargets: {
    parent: subscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: 'sys.Label = \'${target}\''
      }
    }
  }
]

// Any dead-lettered escalation needs a person: it did not reach the police, CEOP, IWF, the LADO or first response.
resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: deadLetterAlertName
  location: 'global'
  tags: tags
  properties: {
    description: 'An escalation was dead-lettered on the ${escalations.name} topic: it has not reached its target.'
    severity: 1
    enabled: true
    scopes: [
      namespace.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    targetResourceType: 'Microsoft.ServiceBus/namespaces'
    targetResourceRegion: location
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadletteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Average'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
        }
      ]
    }
    actions: empty(actionGroupId)
      ? []
      : [
          {
            actionGroupId: actionGroupId
          }
        ]
  }
}

@description('Name of the Service Bus namespace.')
output namespaceName string = namespace.name

@description('Name of the escalations topic.')
output topicName string = escalations.name

@description('Names of the escalation subscriptions.')
output subscriptionNames string[] = [for (target, i) in escalationTargets: subscriptions[i].name]
