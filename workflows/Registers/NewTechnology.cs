using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// What a new technology in the inventory sets off: the AUPs are reviewed "sooner in response to new technologies"
/// (docs/domain.md, "Requirements"), so every AUP is flagged and due at once; and when children can use it without a
/// risk assessment, the e-safety officer gets a task to assess it.
/// </summary>
public static class NewTechnology
{
    public static async Task RespondAsync(IRegisterStore registers, ITaskStore tasks, RegisterItem technology, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(technology);
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (RegisterItem aup in (await registers.ListAsync(technology.AgencyId, cancellationToken)).Where(i => i.Kind == RegisterKind.Aup))
        {
            await registers.UpdateAsync(aup.AgencyId, aup.ItemId, a => ReviewCycle.FlagAupForNewTechnology(a, technology.Title, today), cancellationToken);
        }

        if (technology.Technology is { ChildrenCanAccess: true, RiskAssessment: null })
        {
            await tasks.OpenAsync(new WorkTask(
                "ra-" + technology.ItemId, technology.AgencyId, WorkTaskKind.RegisterReview, technology.ItemId,
                "Assess the risks of the new technology \"" + technology.Title + "\"",
                "Children can access this technology: record its risks, mitigations and emerging issues, and who owns the assessment.",
                Role.EsafetyOfficer, null, now, now.AddDays(ReviewCycle.DueSoonDays), RegisterPaths.Item(technology)), cancellationToken);
        }
    }
}
