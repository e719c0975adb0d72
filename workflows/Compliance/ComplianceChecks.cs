using System.Globalization;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Compliance;

public enum ComplianceStatus
{
    /// <summary>Missing or overdue.</summary>
    Red,

    /// <summary>In place but due within 30 days (or flagged for an early review).</summary>
    Amber,

    Green,
}

/// <summary>One "must" of the standard, checked. Evidence holds titles, dates and counts, never a child's details.</summary>
/// <param name="Name">A stable id ("aups-signed") for the API, the CSV and tests.</param>
/// <param name="Fix">The page where the gap is closed (a path within the app).</param>
public sealed record ComplianceCheck(string Name, string Title, ComplianceStatus Status, string Evidence, string Fix);

/// <summary>What the checks read about one agency.</summary>
/// <param name="SignedAups">Ids of AUPs whose current version has at least one signature.</param>
public sealed record ComplianceRecords(
    string AgencyId,
    IReadOnlyList<RegisterItem> Items,
    IReadOnlyDictionary<string, AupCoverage> AupCoverage,
    IReadOnlyList<Person> People,
    IReadOnlyList<WorkTask> Tasks);

/// <summary>
/// Every "must" of the standard (docs/domain.md, "Requirements") as a named, pure check: the agency's records and the time in, a status with its
/// evidence and where to fix it out. Green, amber (due within 30 days) or red (missing or overdue).
/// </summary>
public static class ComplianceChecks
{
    public delegate ComplianceCheck Check(ComplianceRecords records, DateTimeOffset now);

    /// <summary>The checks in the order of the standard.</summary>
    public static IReadOnlyList<(string Name, Check Run)> All { get; } =
    [
        (nameof(OfficerAppointed), OfficerAppointed),
        (nameof(StaffAup), StaffAup),
        (nameof(ChildrenAups), ChildrenAups),
        (nameof(AupsCoverTechnologies), AupsCoverTechnologies),
        (nameof(AupsSigned), AupsSigned),
        (nameof(AupsStateSanctionsAndMonitoring), AupsStateSanctionsAndMonitoring),
        (nameof(AupsReviewed), AupsReviewed),
        (nameof(PoliciesReviewed), PoliciesReviewed),
        (nameof(PostIncidentReviews), PostIncidentReviews),
        (nameof(TechnologyInventory), TechnologyInventory),
        (nameof(RiskAssessments), RiskAssessments),
        (nameof(FilteringWithIwfList), FilteringWithIwfList),
        (nameof(NetworkMonitoring), NetworkMonitoring),
        (nameof(TrainingByRole), TrainingByRole),
        (nameof(TrainingRefreshers), TrainingRefreshers),
        (nameof(TechnicalStaffForEvidence), TechnicalStaffForEvidence),
    ];

    public static IReadOnlyList<ComplianceCheck> Run(ComplianceRecords records, DateTimeOffset now) =>
        All.Select(c => c.Run(records, now)).ToList();

    /// <summary>Red when missing or overdue, amber when due within 30 days, green otherwise.</summary>
    public static ComplianceStatus DueStatus(DateOnly? due, DateTimeOffset now)
    {
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        return due is not { } d || d < today ? ComplianceStatus.Red
            : d <= today.AddDays(ReviewCycle.DueSoonDays) ? ComplianceStatus.Amber
            : ComplianceStatus.Green;
    }

    public static ComplianceCheck OfficerAppointed(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "An e-safety officer is appointed";
        string fix = Fix(records, RegisterKind.OfficerAppointment);
        RegisterItem? appointment = Of(records, RegisterKind.OfficerAppointment).OrderByDescending(i => i.Officer?.Since).FirstOrDefault();
        if (appointment?.Officer is not { } officer)
        {
            return new(nameof(OfficerAppointed), title, ComplianceStatus.Red, "No appointment is recorded.", fix);
        }

        string since = Date(officer.Since);
        return officer.TrainingHeld.Count == 0
            ? new(nameof(OfficerAppointed), title, ComplianceStatus.Amber, "Appointed since " + since + "; no training recorded (the CEOP ambassador course is recommended).", fix)
            : new(nameof(OfficerAppointed), title, ComplianceStatus.Green, "Appointed since " + since + "; training: " + string.Join(", ", officer.TrainingHeld) + ".", fix);
    }

    public static ComplianceCheck StaffAup(ComplianceRecords records, DateTimeOffset now) =>
        AudienceAup(records, now, nameof(StaffAup), "A staff AUP is in place and reviewed within 12 months", AupAudience.Staff);

    public static ComplianceCheck ChildrenAups(ComplianceRecords records, DateTimeOffset now) =>
        AudienceAup(records, now, nameof(ChildrenAups), "Age-appropriate children's AUPs are in place and reviewed within 12 months", AupAudience.Children);

    static ComplianceCheck AudienceAup(ComplianceRecords records, DateTimeOffset now, string name, string title, AupAudience audience)
    {
        ArgumentNullException.ThrowIfNull(records);
        List<RegisterItem> aups = Of(records, RegisterKind.Aup).Where(a => a.Aup?.Audience == audience).ToList();
        if (aups.Count == 0)
        {
            return new(name, title, ComplianceStatus.Red, "No " + (audience == AupAudience.Staff ? "staff" : "children's") + " AUP is recorded.", Fix(records, RegisterKind.Aup));
        }

        (ComplianceStatus status, RegisterItem worst) = Worst(aups, now);
        string groups = audience == AupAudience.Children ? " for age groups " + string.Join(", ", aups.Select(a => a.Aup!.AgeGroup)) : string.Empty;
        return new(name, title, status, Count(aups.Count, "AUP") + groups + "; next review due " + Date(worst.NextReviewDue) + " (\"" + worst.Title + "\").", Fix(records, worst));
    }

    public static ComplianceCheck AupsCoverTechnologies(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "The AUPs cover every technology in use";
        List<RegisterItem> aups = Of(records, RegisterKind.Aup).ToList();
        HashSet<string> covered = aups.SelectMany(a => a.Aup!.TechnologiesCovered).Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<string> missing = Of(records, RegisterKind.Technology).Select(t => t.Title).Where(t => !covered.Contains(t.Trim())).ToList();
        if (aups.Count == 0 || missing.Count > 0)
        {
            return new(nameof(AupsCoverTechnologies), title, ComplianceStatus.Red,
                aups.Count == 0 ? "No AUP is recorded." : "Not covered by any AUP: " + string.Join(", ", missing) + ".", Fix(records, RegisterKind.Aup));
        }

        List<RegisterItem> flagged = aups.Where(a => a.Aup!.FlaggedForReview is not null).ToList();
        return flagged.Count > 0
            ? new(nameof(AupsCoverTechnologies), title, ComplianceStatus.Amber, "Flagged for review after a new technology: " + string.Join(", ", flagged.Select(a => a.Title)) + ".", Fix(records, flagged[0]))
            : new(nameof(AupsCoverTechnologies), title, ComplianceStatus.Green, "Every technology in the inventory is covered (" + Count(covered.Count, "technology", "technologies") + " named).", Fix(records, RegisterKind.Aup));
    }

    /// <summary>
    /// Green when everyone has signed the current version of every AUP: every active member of staff in the directory
    /// for the staff AUP, every member of every class or group counted for the others; amber at 90 % or more.
    /// </summary>
    public static ComplianceCheck AupsSigned(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Users or their carers have signed the current AUPs";
        List<RegisterItem> aups = Of(records, RegisterKind.Aup).ToList();
        if (aups.Count == 0)
        {
            return new(nameof(AupsSigned), title, ComplianceStatus.Red, "No AUP is recorded.", Fix(records, RegisterKind.Aup));
        }

        List<(RegisterItem Aup, AupCoverage? Coverage)> incomplete = aups
            .Select(a => (a, records.AupCoverage.GetValueOrDefault(a.ItemId)))
            .Where(c => c.Item2?.Complete != true)
            .ToList();
        if (incomplete.Count == 0)
        {
            return new(nameof(AupsSigned), title, ComplianceStatus.Green, "Everyone has signed the current version of all " + Count(aups.Count, "AUP") + ".", Fix(records, RegisterKind.Aup));
        }

        bool nearly = incomplete.All(c => c.Coverage?.Share >= AupCoverage.AmberShare);
        string evidence = "Not everyone has signed the current version: "
            + string.Join("; ", incomplete.Select(c => c.Aup.Title + " v" + c.Aup.Aup!.Version + ", " + (c.Coverage?.Describe() ?? "no signature recorded"))) + ".";
        return new(nameof(AupsSigned), title, nearly ? ComplianceStatus.Amber : ComplianceStatus.Red, evidence, Fix(records, incomplete[0].Aup, RegisterKind.Aup));
    }

    public static ComplianceCheck AupsStateSanctionsAndMonitoring(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "The AUPs state the sanctions and the monitoring";
        List<RegisterItem> aups = Of(records, RegisterKind.Aup).ToList();
        List<RegisterItem> silent = aups.Where(a => !a.Aup!.StatesSanctions || !a.Aup.StatesMonitoring).ToList();
        if (aups.Count == 0 || silent.Count > 0)
        {
            return new(nameof(AupsStateSanctionsAndMonitoring), title, ComplianceStatus.Red,
                aups.Count == 0 ? "No AUP is recorded." : "Sanctions or monitoring not stated in: " + string.Join(", ", silent.Select(a => a.Title)) + ".",
                Fix(records, silent.FirstOrDefault(), RegisterKind.Aup));
        }

        return new(nameof(AupsStateSanctionsAndMonitoring), title, ComplianceStatus.Green, "All " + Count(aups.Count, "AUP") + " state both.", Fix(records, RegisterKind.Aup));
    }

    public static ComplianceCheck AupsReviewed(ComplianceRecords records, DateTimeOffset now) =>
        Reviewed(records, now, nameof(AupsReviewed), "Every AUP is reviewed at least every 12 months", Of(records, RegisterKind.Aup).ToList(), RegisterKind.Aup, "AUP");

    public static ComplianceCheck PoliciesReviewed(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        List<RegisterItem> policies = Of(records, RegisterKind.Policy).ToList();
        const string title = "The e-safety policy and procedures are reviewed at least every 12 months, with stakeholders";
        if (!policies.Any(p => p.Policy?.PolicyKind == PolicyKind.EsafetyPolicy))
        {
            return new(nameof(PoliciesReviewed), title, ComplianceStatus.Red, "No e-safety policy is recorded.", Fix(records, RegisterKind.Policy));
        }

        List<RegisterItem> withoutStakeholders = policies.Where(p => p.ReviewHistory.Count > 0 && p.ReviewHistory[^1].StakeholdersConsulted.Count == 0).ToList();
        ComplianceCheck check = Reviewed(records, now, nameof(PoliciesReviewed), title, policies, RegisterKind.Policy, "policy");
        return withoutStakeholders.Count > 0 && check.Status == ComplianceStatus.Green
            ? check with { Status = ComplianceStatus.Amber, Evidence = check.Evidence + " Last review without stakeholders: " + string.Join(", ", withoutStakeholders.Select(p => p.Title)) + "." }
            : check;
    }

    public static ComplianceCheck PostIncidentReviews(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Policies are reviewed as soon as possible after a serious incident";
        List<WorkTask> open = records.Tasks.Where(t => t.Kind == WorkTaskKind.PostIncidentReview && t.State == WorkTaskState.Open).ToList();
        string fix = "/tasks";
        if (open.Any(t => t.IsOverdue(now)))
        {
            return new(nameof(PostIncidentReviews), title, ComplianceStatus.Red, Count(open.Count(t => t.IsOverdue(now)), "post-incident review") + " overdue.", fix);
        }

        return open.Count > 0
            ? new(nameof(PostIncidentReviews), title, ComplianceStatus.Amber, Count(open.Count, "post-incident review") + " open, none overdue.", fix)
            : new(nameof(PostIncidentReviews), title, ComplianceStatus.Green, "No post-incident review is waiting.", fix);
    }

    public static ComplianceCheck TechnologyInventory(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Every technology in use is in the inventory";
        int count = Of(records, RegisterKind.Technology).Count();
        return count == 0
            ? new(nameof(TechnologyInventory), title, ComplianceStatus.Red, "The inventory is empty.", Fix(records, RegisterKind.Technology))
            : new(nameof(TechnologyInventory), title, ComplianceStatus.Green, Count(count, "technology", "technologies") + " recorded.", Fix(records, RegisterKind.Technology));
    }

    public static ComplianceCheck RiskAssessments(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Every technology children can access has a current risk assessment";
        List<RegisterItem> childrens = Of(records, RegisterKind.Technology).Where(t => t.Technology?.ChildrenCanAccess == true).ToList();
        List<RegisterItem> missing = childrens.Where(t => t.Technology!.RiskAssessment is null).ToList();
        if (missing.Count > 0)
        {
            return new(nameof(RiskAssessments), title, ComplianceStatus.Red, "No risk assessment for: " + string.Join(", ", missing.Select(t => t.Title)) + ".", Fix(records, missing[0]));
        }

        if (childrens.Count == 0)
        {
            return new(nameof(RiskAssessments), title, Of(records, RegisterKind.Technology).Any() ? ComplianceStatus.Green : ComplianceStatus.Red,
                Of(records, RegisterKind.Technology).Any() ? "No technology in the inventory is open to children." : "The inventory is empty, so nothing is assessed.", Fix(records, RegisterKind.Technology));
        }

        return Reviewed(records, now, nameof(RiskAssessments), title, childrens, RegisterKind.Technology, "risk assessment");
    }

    public static ComplianceCheck FilteringWithIwfList(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Filtering by an accredited provider subscribed to the IWF URL list, with a current effectiveness review";
        RegisterItem? filtering = Of(records, RegisterKind.Filtering).FirstOrDefault(f => f.Filtering?.IwfUrlList == true) ?? Of(records, RegisterKind.Filtering).FirstOrDefault();
        if (filtering?.Filtering is not { } details)
        {
            return new(nameof(FilteringWithIwfList), title, ComplianceStatus.Red, "No filtering provider is recorded.", Fix(records, RegisterKind.Filtering));
        }

        if (!details.IwfUrlList || string.IsNullOrWhiteSpace(details.Accreditation))
        {
            return new(nameof(FilteringWithIwfList), title, ComplianceStatus.Red,
                details.Provider + (details.IwfUrlList ? " has no accreditation recorded." : " is not recorded as subscribed to the IWF URL list."), Fix(records, filtering));
        }

        return new(nameof(FilteringWithIwfList), title, DueStatus(filtering.NextReviewDue, now),
            details.Provider + " (" + details.Accreditation + "), IWF URL list; last effectiveness review " + Date(filtering.LastReviewed) + ", next due " + Date(filtering.NextReviewDue) + ".", Fix(records, filtering));
    }

    public static ComplianceCheck NetworkMonitoring(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Network monitoring is in place and reviewed regularly";
        RegisterItem? monitored = Of(records, RegisterKind.Filtering).FirstOrDefault(f => f.Filtering?.MonitoringInPlace == true);
        return monitored is null
            ? new(nameof(NetworkMonitoring), title, ComplianceStatus.Red, "No network monitoring is recorded.", Fix(records, RegisterKind.Filtering))
            : new(nameof(NetworkMonitoring), title, DueStatus(monitored.NextReviewDue, now), "Monitoring recorded with " + monitored.Filtering!.Provider + "; next review due " + Date(monitored.NextReviewDue) + ".", Fix(records, monitored));
    }

    /// <summary>The audiences the standard names; staff may be trained as educators or as other staff.</summary>
    /// <summary>
    /// Every one of the standard's seven audiences has had a session, and every active person the directory puts in
    /// one (leaders and managers, e-safety officers, staff, technical staff) attended one: amber at 90 % of them or more.
    /// </summary>
    public static ComplianceCheck TrainingByRole(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Training is logged for every role the standard names";
        IReadOnlyList<TrainingAudience> audiences = TrainingCoverage.Of(records.Items, records.People);
        List<string> missing = audiences.Where(a => a.Sessions.Count == 0).Select(a => a.Name).ToList();
        if (missing.Count > 0)
        {
            return new(nameof(TrainingByRole), title, ComplianceStatus.Red, "No training logged for: " + string.Join(", ", missing) + ".", Fix(records, RegisterKind.Training));
        }

        // Education staff and other staff are one pool in the directory: count it once.
        List<TrainingAudience> pools = audiences.Where(a => a.FromDirectory && a.Role != TrainingRole.OtherStaff && a.Required.Count > 0).ToList();
        int required = pools.Sum(a => a.Required.Count), trained = pools.Sum(a => a.Trained);
        if (trained == required)
        {
            return new(nameof(TrainingByRole), title, ComplianceStatus.Green,
                "Training logged for all " + TrainingCoverage.Audiences.Length + " audiences, and everyone in the directory has attended theirs.", Fix(records, RegisterKind.Training));
        }

        string notYet = string.Join(", ", pools.Where(a => a.Trained < a.Required.Count)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Required.Count - a.Trained} of {a.Required.Count} {(a.Role == TrainingRole.Educators ? "staff" : a.Name)}")));
        return new(nameof(TrainingByRole), title, (double)trained / required >= 0.9 ? ComplianceStatus.Amber : ComplianceStatus.Red,
            "Not yet trained: " + notYet + ".", Fix(records, RegisterKind.Training));
    }

    /// <summary>
    /// Nobody's training has lapsed: for each person in the directory the refresher of the latest session they attended,
    /// for children and parents the latest session's. An old session that a newer one replaced does not count.
    /// </summary>
    public static ComplianceCheck TrainingRefreshers(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string name = nameof(TrainingRefreshers), title = "Training refreshers are not overdue";
        List<(TrainingAudience Audience, DateOnly Due)> dues = TrainingCoverage.Of(records.Items, records.People)
            .Where(a => a.Role != TrainingRole.OtherStaff || a.Required.Count == 0)
            .Where(a => a.NextRefresherDue is not null)
            .Select(a => (a, a.NextRefresherDue!.Value))
            .OrderBy(d => d.Item2)
            .ToList();
        if (dues.Count == 0)
        {
            return new(name, title, ComplianceStatus.Red, "No training record is recorded.", Fix(records, RegisterKind.Training));
        }

        (TrainingAudience audience, DateOnly due) = dues[0];
        ComplianceStatus status = DueStatus(due, now);
        string audienceName = audience.Role == TrainingRole.Educators ? "staff" : audience.Name;
        string evidence = status switch
        {
            ComplianceStatus.Red => "The training of " + audienceName + " lapsed on " + Date(due) + ": a refresher is overdue.",
            ComplianceStatus.Amber => "A refresher for " + audienceName + " is due " + Date(due) + ".",
            _ => "No refresher is due before " + Date(due) + " (" + audienceName + ").",
        };
        return new(name, title, status, evidence, Fix(records, RegisterKind.Training));
    }

    public static ComplianceCheck TechnicalStaffForEvidence(ComplianceRecords records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        const string title = "Technical staff can secure and preserve evidence";
        int technicians = records.People.Count(p => p.ActsAs(Role.Technician));
        bool trained = Of(records, RegisterKind.Training).Any(t => t.Training!.Role == TrainingRole.TechnicalStaff);
        return technicians == 0
            ? new(nameof(TechnicalStaffForEvidence), title, ComplianceStatus.Red, "No IT technician is named for the agency.", "/agencies/" + records.AgencyId + "/registers")
            : new(nameof(TechnicalStaffForEvidence), title, trained ? ComplianceStatus.Green : ComplianceStatus.Amber,
                Count(technicians, "IT technician") + " named; " + (trained ? "technical training logged." : "no technical training logged yet."), Fix(records, RegisterKind.Training));
    }

    static ComplianceCheck Reviewed(ComplianceRecords records, DateTimeOffset now, string name, string title, List<RegisterItem> items, RegisterKind kind, string noun)
    {
        if (items.Count == 0)
        {
            return new(name, title, ComplianceStatus.Red, "No " + noun + " is recorded.", Fix(records, kind));
        }

        (ComplianceStatus status, RegisterItem worst) = Worst(items, now);
        string what = status switch
        {
            ComplianceStatus.Red => "overdue since " + Date(worst.NextReviewDue),
            ComplianceStatus.Amber => "due " + Date(worst.NextReviewDue),
            _ => "none due before " + Date(worst.NextReviewDue),
        };
        return new(name, title, status, Count(items.Count, noun) + "; " + what + " (\"" + worst.Title + "\").", status == ComplianceStatus.Green ? Fix(records, kind) : Fix(records, worst));
    }

    static (ComplianceStatus Status, RegisterItem Worst) Worst(List<RegisterItem> items, DateTimeOffset now)
    {
        RegisterItem worst = items.OrderBy(i => i.NextReviewDue ?? DateOnly.MinValue).First();
        return (DueStatus(worst.NextReviewDue, now), worst);
    }

    static IEnumerable<RegisterItem> Of(ComplianceRecords records, RegisterKind kind) => records.Items.Where(i => i.Kind == kind);

    static string Fix(ComplianceRecords records, RegisterKind kind) => RegisterPaths.Section(records.AgencyId, kind);

    static string Fix(ComplianceRecords records, RegisterItem item) => RegisterPaths.Item(records.AgencyId, item.ItemId);

    static string Fix(ComplianceRecords records, RegisterItem? item, RegisterKind kind) => item is null ? Fix(records, kind) : Fix(records, item);

    static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "never";

    static string Count(int n, string noun, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : plural ?? noun + "s");
}
