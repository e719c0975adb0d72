namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>Who the service thinks the signed-in person is: their directory entry and the name of the agency they act for.</summary>
public sealed class ReadSignedInPerson(IPeopleDirectory directory) : IUseCase
{
    public async Task<Outcome<SignedInPerson>> ExecuteAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.AgencyId == Agency.BoardId)
        {
            return new SignedInPerson(actor.Person, "the safeguarding board");
        }

        Agency? agency = await directory.GetAgencyAsync(actor.AgencyId, cancellationToken);
        return new SignedInPerson(actor.Person, agency?.Name ?? actor.AgencyId);
    }
}

/// <param name="AgencyName">The agency's name ("the safeguarding board" for board admins).</param>
public sealed record SignedInPerson(Person Person, string AgencyName);
