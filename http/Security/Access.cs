using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Security;

/// <summary>Who may call an endpoint. Agency scoping and finer rules are checked by the use case behind it.</summary>
public sealed record Access(bool AllowsAnonymous, Roles Roles)
{
    public static Access Anonymous { get; } = new(true, Roles.None);

    public bool Permits(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.HasAny(this.Roles);
    }
}
