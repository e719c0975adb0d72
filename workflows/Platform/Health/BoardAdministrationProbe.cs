using System.Globalization;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Platform.Health;

/// <summary>
/// Whether anyone can administer the deployment: Entra ID only lets people reach the app, the directory gives them
/// their agency and roles, so a board with no active board admin (and no first one configured) has nobody who can add
/// agencies or people. Down then, so the deployment's self-test right after start-up says so. Counts only, no names.
/// </summary>
public sealed class BoardAdministrationProbe(IPeopleDirectory directory, DirectoryBootstrap bootstrap) : IHealthProbe
{
    public string Part => "boardAdministration";

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        int admins = (await directory.ListPeopleAsync(Agency.BoardId, cancellationToken)).Count(p => p.ActsAs(Role.BoardAdmin));
        if (admins > 0)
        {
            return HealthProbeResult.Up(admins.ToString(CultureInfo.InvariantCulture) + (admins == 1 ? " active board admin" : " active board admins"));
        }

        return bootstrap.FirstBoardAdmin is { Length: > 0 }
            ? HealthProbeResult.Up("no board admin yet: the first sign-in of the configured first board admin (Directory__FirstBoardAdmin) makes them one")
            : HealthProbeResult.Down("no active board admin and Directory__FirstBoardAdmin is not set: nobody can add agencies or people");
    }
}
