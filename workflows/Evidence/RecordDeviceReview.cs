using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// A technician or the e-safety officer records the two-person review of a device or site for an incident where
/// nothing illegal is suspected (docs/domain.md, "Device reviews"); refused where something illegal is, or before an
/// emailed report is triaged.
/// </summary>
public sealed class RecordDeviceReview(IIncidentStore incidents, IDeviceReviews reviews, IPeopleDirectory directory, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<DeviceReview>> ExecuteAsync(Actor actor, string incidentId, DeviceReviewDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        if (DeviceReviewRules.Refusal(incident) is { } refusal)
        {
            return Outcome.Refused("Do not review this device", refusal);
        }

        FieldErrors errors = new();
        DateTimeOffset now = timeProvider.GetUtcNow();
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, cancellationToken);
        DeviceReview? review = DeviceReviewRules.Validate(draft, incident, people, actor.PersonId, now, EvidenceIds.NewId("rv-", now), errors);
        if (review is null)
        {
            return Outcome.Invalid(errors);
        }

        await reviews.AddAsync(review, cancellationToken);
        await custody.RecordAsync(actor, incident, CustodyActions.Review, incident.IncidentId,
            $"review={review.ReviewId} reviewers={review.FirstReviewer},{review.SecondReviewer} machine={review.Machine}");
        return review;
    }
}
