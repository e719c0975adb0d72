using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

public sealed class PolicyReviewValidationTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_complete_review_keeps_the_issues_each_action_with_its_owner_and_the_stakeholders()
    {
        FieldErrors errors = new();

        PostIncidentReviewRecord? review = PolicyReviews.Validate(
            " The AUP did not cover messaging apps. ",
            [("Add messaging apps to the AUP", "Omar Shah"), (null, null), ("Brief staff", "Sarah Head")],
            ["Governors", " ", "Staff"],
            errors, "sarah", Now);

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

        PostIncidentReviewRecord? review = PolicyReviews.Validate("  ", [("Update the policy", "  ")], [], errors, "sarah", Now);

        Assert.Null(review);
        Assert.Equal(["issuesIdentified", "actions[0]", "stakeholdersConsulted"], errors.All.Select(e => e.Field));
        Assert.Contains("who is responsible", errors.All.Single(e => e.Field == "actions[0]").Message, StringComparison.Ordinal);
    }
}
