using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

public class IncidentValidationTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    static IncidentDraft Valid() => new(
        "northfield-primary", "2026-11-20T14:05:00Z", "A pupil was sent threatening messages on a class chat.", "disclosure", "Class chat app",
        [new PersonDraft("child", "Pupil A", "2015-04-01", IsVictim: true, IsInstigator: false)],
        new ConcernsDraft(false, [], null, false, [], false, false));

    static (IncidentReport? Report, FieldErrors Errors) Validate(IncidentDraft draft)
    {
        FieldErrors errors = new();
        return (IncidentValidation.Validate(draft, Now, concernsRequired: true, errors), errors);
    }

    [Fact]
    public void A_complete_report_is_accepted_with_its_values_parsed()
    {
        (IncidentReport? report, FieldErrors errors) = Validate(Valid());

        Assert.False(errors.Any);
        Assert.NotNull(report);
        Assert.Equal(HowIdentified.Disclosure, report.HowIdentified);
        Assert.Equal(new DateOnly(2015, 4, 1), report.PeopleInvolved[0].DateOfBirth);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 14, 5, 0, TimeSpan.Zero), report.OccurredAt);
    }

    [Fact]
    public void Script_in_text_is_kept_verbatim_for_pages_to_encode()
    {
        (IncidentReport? report, _) = Validate(Valid() with { Description = "<script>alert('x')</script> & more" });

        Assert.Equal("<script>alert('x')</script> & more", report?.Description);
    }

    [Fact]
    public void Suspected_illegal_content_needs_a_kind_and_kinds_are_parsed_from_their_wire_names()
    {
        (_, FieldErrors missing) = Validate(Valid() with { Concerns = new ConcernsDraft(true, [], null, false, [], false, false) });
        (IncidentReport? report, _) = Validate(Valid() with
        {
            Concerns = new ConcernsDraft(true, ["indecent-images-of-children", "grooming-or-sexual-exploitation"], "https://example.org/x", true, ["harmed-a-child"], true, true),
        });

        Assert.Contains(missing.All, e => e.Field == "concerns.illegalKinds");
        Assert.Equal([IllegalKind.IndecentImagesOfChildren, IllegalKind.GroomingOrSexualExploitation], report?.Concerns?.IllegalKinds);
        Assert.Equal([LadoThreshold.HarmedAChild], report?.Concerns?.LadoThreshold);
    }

    [Theory]
    [InlineData("description", "")]
    [InlineData("occurredAt", "2099-01-01T00:00:00Z")]
    [InlineData("occurredAt", "last tuesday")]
    [InlineData("howIdentified", "Disclosure")]
    [InlineData("agencyId", " ")]
    public void Each_bad_field_is_named_in_the_errors(string field, string value)
    {
        IncidentDraft draft = field switch
        {
            "description" => Valid() with { Description = value },
            "occurredAt" => Valid() with { OccurredAt = value },
            "howIdentified" => Valid() with { HowIdentified = value },
            _ => Valid() with { AgencyId = value },
        };

        (IncidentReport? report, FieldErrors errors) = Validate(draft);

        Assert.Null(report);
        Assert.Contains(errors.All, e => e.Field == field);
    }

    [Fact]
    public void An_emailed_report_may_leave_the_flowchart_questions_for_triage()
    {
        FieldErrors errors = new();

        IncidentReport? report = IncidentValidation.Validate(Valid() with { Concerns = null }, Now, concernsRequired: false, errors);

        Assert.NotNull(report);
        Assert.Null(report.Concerns);
    }

    [Fact]
    public void A_reporter_may_answer_not_sure_but_the_officers_answers_must_each_be_yes_or_no()
    {
        ConcernsDraft notSure = new(null, ["indecent-images-of-children"], null, null, ["risk-of-harm"], false, null);

        (IncidentReport? report, FieldErrors reportErrors) = Validate(Valid() with { Concerns = notSure });
        FieldErrors triageErrors = new();
        IncidentValidation.ValidateConcerns(notSure, triageErrors);

        Assert.False(reportErrors.Any);
        Assert.True(report?.Concerns?.AnyNotSure());
        Assert.Null(report?.Concerns?.IllegalSuspected);
        Assert.Equal([IllegalKind.IndecentImagesOfChildren], report?.Concerns?.IllegalKinds);
        Assert.True(report?.Concerns?.MayNeedActionToday());
        Assert.Equal(["concerns.illegalSuspected", "concerns.staffInvolved", "concerns.urgent"], triageErrors.All.Select(e => e.Field));
    }
}
