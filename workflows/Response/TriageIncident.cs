using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// The e-safety officer (or the senior manager, who is told when the officer has not triaged within four working
/// hours) answers the flowchart's questions for an emailed report; the response workflow then records the plan.
/// Of two people triaging at once, only the first counts.
/// </summary>
public sealed class TriageIncident(IIncidentStore store, IncidentSubmission submission, AuditRecorder audit, IWorkflowSignals workflows, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<Incident>> ExecuteAsync(Actor actor, string incidentId, ConcernsDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Outcome<Incident> found = await IncidentPermissions.FindToChangeAsync(store, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        FieldErrors errors = new();
        Concerns concerns = IncidentValidation.ValidateConcerns(draft, errors);
        if (errors.Any)
        {
            return Outcome.Invalid(errors, "Some answers need correcting.");
        }

        if (incident.Status != IncidentStatus.AwaitingTriage)
        {
            await this.TellTheWorkflowAsync(actor, incident);
            return AlreadyTriaged();
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        bool triagedNow = false;
        Incident updated = await store.UpdateAsync(incident.IncidentId, current =>
        {
            // Checked again on the version being changed: of two people triaging at once, only the first counts.
            triagedNow = current.Status == IncidentStatus.AwaitingTriage;

            // A reporter's own answers (with their "Not sure") stay on the record as what the officer's answers replaced.
            IReadOnlyList<IncidentAmendment> amendments = current.Report.Concerns is { } reported
                ? [.. current.Amendments, new IncidentAmendment(ReportFields.Concerns, new ReportedValue(Concerns: reported), new ReportedValue(Concerns: concerns),
                    actor.PersonId, now, ReporterNotSureReason)]
                : current.Amendments;
            return !triagedNow ? current : current with
            {
                AwaitingTriage = false,
                Report = current.Report with { Concerns = concerns },
                Amendments = amendments,
                Actions = [.. current.Actions, new IncidentAction("Triaged: the flowchart's questions answered", actor.PersonId, now)],
            };
        }, cancellationToken);
        if (triagedNow)
        {
            await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "triage");
        }

        await this.TellTheWorkflowAsync(actor, incident);
        return triagedNow ? updated : AlreadyTriaged();
    }

    /// <summary>Why the reporter's answers were replaced, as the amendment records it.</summary>
    public const string ReporterNotSureReason = "Triage: the reporter was not sure of every answer";

    static Failure AlreadyTriaged() => Outcome.Conflict("Already triaged", "This incident's questions have already been answered.");

    /// <summary>
    /// Starts the response if needed and raises the triage event — also when the incident was triaged already, since a
    /// request that failed after saving would otherwise never tell the workflow (a duplicate event is harmless).
    /// Not cancellable: the answers are saved, so the workflow must hear of them even if the browser has gone.
    /// </summary>
    async Task TellTheWorkflowAsync(Actor actor, Incident incident)
    {
        if (incident.Plan is not null)
        {
            return;
        }

        await submission.EnsureResponseStartedAsync(incident.IncidentId, CancellationToken.None);
        await workflows.RaiseAsync(incident.IncidentId, IncidentResponse.Triaged, actor.PersonId, CancellationToken.None);
    }
}
