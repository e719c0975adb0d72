using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Local.Seed;

/// <summary>
/// Sample registers for Northfield, seeded with the sample board, so the registers and compliance pages have something
/// to show: some current, one due within 30 days (the daily scan starts its review), some missing. Riverside starts empty.
/// </summary>
public static class SampleRegisters
{
    public static Task SeedAsync(IRegisterStore registers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        string agency = SampleBoard.Northfield.AgencyId;
        RegisterItem Item(RegisterKind kind, string title, DateOnly? lastReviewed) =>
            new(agency, ReviewCycle.NewItemId(kind), kind, title, lastReviewed, kind == RegisterKind.OfficerAppointment ? null : lastReviewed?.AddMonths(12), now, "omar.officer");

        return registers.ImportAsync(
        [
            Item(RegisterKind.OfficerAppointment, "E-safety officer", null) with { Officer = new OfficerAppointment("omar.officer", today.AddYears(-2), ["CEOP ambassador course"]) },
            Item(RegisterKind.Aup, "Staff acceptable use policy", today.AddMonths(-3)) with { Aup = new AupDetails(AupAudience.Staff, null, "3", ["Laptops", "Email"], true, true) },
            Item(RegisterKind.Aup, "Key stage 2 acceptable use policy", today.AddMonths(-12).AddDays(20)) with { Aup = new AupDetails(AupAudience.Children, "7-11", "2", ["Laptops"], true, false) },
            Item(RegisterKind.Policy, "E-safety policy", today.AddMonths(-12).AddDays(20)) with { Policy = new PolicyDetails(PolicyKind.EsafetyPolicy) },
            Item(RegisterKind.Technology, "Laptops", today.AddMonths(-2)) with { Technology = new TechnologyDetails(true, new RiskAssessment(["Unsuitable websites"], ["Filtering", "Supervision"], [], "omar.officer")) },
            Item(RegisterKind.Technology, "Email", today.AddMonths(-2)) with { Technology = new TechnologyDetails(false, null) },
            Item(RegisterKind.Filtering, "School broadband filtering", today.AddMonths(-5)) with { Filtering = new FilteringDetails("Sample Broadband Filtering", true, "UK Safer Internet Centre", true, today.AddMonths(-5)) },
            Item(RegisterKind.Training, "E-safety officer training", today.AddMonths(-11)) with { Training = new TrainingDetails(TrainingRole.EsafetyOfficer, "omar.officer", "CEOP ambassador course", today.AddMonths(-11), "CEOP") },
        ], cancellationToken);
    }
}
