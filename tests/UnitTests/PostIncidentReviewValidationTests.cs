using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.UnitTests;

public sealed class PostIncidentReviewValidationTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_complete_review_keeps_the_issues_each_action_with_its_owner_and_the_stakeholders()
    {
        FieldErrors errors = new();

        PostIncidentReviewRecord? review = CompletePostIncidentReview.Validate(
            new(" The AUP did not cover messaging apps. ",
                [new("Add messaging apps to the AUP", "Omar Shah"), new(null, null), new("Brief staff", "Sarah Head")],
                ["Governors", " ", "Staff"]),
            "sarah", Now, errors);

        Assert.False(errors.Any);
        Assert.NotNull(review);
        Assert.Equal("The AUP did not cover messaging apps.", review.IssuesIdentified);
        Assert.Equal([new PostIncidentReviewAction("Add messaging apps to the AUP", "Omar Shah"), new PostIncidentReviewAction("Brief staff", "Sarah Head")], review.Actions);
        Assert.Equal(["Governors", "Staff"], review.StakeholdersConsulted);
        Assert.Equal(Now, review.CompletedAt);
    }

    [Fact]
    public void Missing_issues_an_action_without_an_owner_and_no_stakeholders_are_each_named()
    {
        FieldErrors errors = new();

        PostIncidentReviewRecord? review = CompletePostIncidentReview.Validate(new("  ", [new("Update the policy", "  ")], []), "sarah", Now, errors);

        Assert.Null(review);
        Assert.Equal(["issuesIdentified", "actions[0]", "stakeholdersConsulted"], errors.All.Select(e => e.Field));
        Assert.Contains("who is responsible", errors.All.Single(e => e.Field == "actions[0]").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_an_action_or_a_stakeholder_are_refused()
    {
        FieldErrors errors = new();

        PostIncidentReviewRecord? review = CompletePostIncidentReview.Validate(new("Issues", [new("Update\u0007 the policy", "Omar")], ["Gover\u0000nors"]), "sarah", Now, errors);

        Assert.Null(review);
        Assert.Equal(["actions[0]", "stakeholdersConsulted"], errors.All.Select(e => e.Field));
    }
}
