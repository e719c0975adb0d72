// Parameters for one board's deployment. No secrets here: the app's secrets live in Key Vault (DEPLOY.md).
using 'main.bicep'

// Application (client) id of the Entra ID app registration that defines the app roles (see DEPLOY.md), read
// from the environment when the deployment command runs: export ENTRA_CLIENT_ID=<guid>. Left unset, the
// parameters file does not compile and nothing is deployed.
param entraClientId = readEnvironmentVariable('ENTRA_CLIENT_ID')

param namePrefix = 'esafety'

// Zone-redundant storage for the evidence; use Standard_LRS in a region without availability zones.
param storageSkuName = 'Standard_ZRS'

// Who is told when an escalation is dead-lettered (empty: the alert shows in the portal only).
param alertEmailAddress = ''

param tags = {
  workload: 'esafety-incidents'
}
