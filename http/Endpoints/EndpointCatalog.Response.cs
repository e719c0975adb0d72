using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>The incident-response workflow's tasks, escalations and acknowledgements (issue #4).</summary>
public static partial class EndpointCatalog
{
    public static readonly EndpointDefinition ListTasks =
        new(nameof(ListTasks), HttpMethods.Get, Routes.Tasks, Access.AnyRole, typeof(Tasks.ListTasksEndpoint));

    public static readonly EndpointDefinition MyTasksPage =
        new(nameof(MyTasksPage), HttpMethods.Get, Routes.TasksPage, Access.AnyRole, typeof(Tasks.MyTasksPageEndpoint));

    public static readonly EndpointDefinition AcknowledgeEscalation =
        new(nameof(AcknowledgeEscalation), HttpMethods.Post, Routes.EscalationAcknowledgement, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Incidents.AcknowledgeEscalationEndpoint));

    public static readonly EndpointDefinition AcknowledgeEscalationForm =
        new(nameof(AcknowledgeEscalationForm), HttpMethods.Post, Routes.EscalationAcknowledgementForm, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Incidents.AcknowledgeEscalationFormEndpoint));

    /// <summary>The holder of a signed link in a referral notice: no account; the link is the authority.</summary>
    public static readonly EndpointDefinition ReferralPage =
        new(nameof(ReferralPage), HttpMethods.Get, Routes.Referral, Access.Anonymous, typeof(Incidents.ReferralPageEndpoint));

    /// <summary>The holder of a signed link in a referral notice: no account; the link is the authority.</summary>
    public static readonly EndpointDefinition AcknowledgeReferral =
        new(nameof(AcknowledgeReferral), HttpMethods.Post, Routes.Referral, Access.Anonymous, typeof(Incidents.AcknowledgeReferralEndpoint));

    public static readonly EndpointDefinition CompletePolicyReview =
        new(nameof(CompletePolicyReview), HttpMethods.Post, Routes.PolicyReview, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Incidents.CompletePolicyReviewEndpoint));

    public static readonly EndpointDefinition DelegatePolicyReview =
        new(nameof(DelegatePolicyReview), HttpMethods.Post, Routes.PolicyReviewDelegation, Access.For(Role.SeniorManager), typeof(Incidents.DelegatePolicyReviewEndpoint));

    public static readonly EndpointDefinition PolicyReviewPage =
        new(nameof(PolicyReviewPage), HttpMethods.Get, Routes.PolicyReviewPage, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Incidents.PolicyReviewPageEndpoint));

    public static readonly EndpointDefinition CompletePolicyReviewForm =
        new(nameof(CompletePolicyReviewForm), HttpMethods.Post, Routes.PolicyReviewPage, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Incidents.CompletePolicyReviewFormEndpoint));

    public static readonly EndpointDefinition DelegatePolicyReviewForm =
        new(nameof(DelegatePolicyReviewForm), HttpMethods.Post, Routes.PolicyReviewDelegationForm, Access.For(Role.SeniorManager), typeof(Incidents.DelegatePolicyReviewFormEndpoint));

    public static readonly EndpointDefinition ListTargetChannels =
        new(nameof(ListTargetChannels), HttpMethods.Get, Routes.TargetChannels, Access.For(Role.BoardAdmin), typeof(Escalation.ListTargetChannelsEndpoint));

    public static readonly EndpointDefinition SaveTargetChannel =
        new(nameof(SaveTargetChannel), HttpMethods.Put, Routes.TargetChannel, Access.For(Role.BoardAdmin), typeof(Escalation.SaveTargetChannelEndpoint));

    public static readonly EndpointDefinition TriageForm =
        new(nameof(TriageForm), HttpMethods.Post, Routes.TriageForm, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Pages.TriageFormEndpoint));

    public static readonly EndpointDefinition RecordActionForm =
        new(nameof(RecordActionForm), HttpMethods.Post, Routes.ActionForm, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Pages.RecordActionFormEndpoint));

    public static readonly EndpointDefinition RecordConclusionForm =
        new(nameof(RecordConclusionForm), HttpMethods.Post, Routes.ConclusionForm, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(Pages.RecordConclusionFormEndpoint));

    public static readonly EndpointDefinition TargetChannelsPage =
        new(nameof(TargetChannelsPage), HttpMethods.Get, Routes.TargetChannelsPage, Access.For(Role.BoardAdmin), typeof(Escalation.TargetChannelsPageEndpoint));

    public static readonly EndpointDefinition SaveTargetChannelForm =
        new(nameof(SaveTargetChannelForm), HttpMethods.Post, Routes.TargetChannelForm, Access.For(Role.BoardAdmin), typeof(Escalation.SaveTargetChannelFormEndpoint));

    static EndpointDefinition[] ResponseEndpoints() =>
    [
        ListTasks, MyTasksPage, TriageForm, RecordActionForm, RecordConclusionForm,
        AcknowledgeEscalation, AcknowledgeEscalationForm, ReferralPage, AcknowledgeReferral,
        CompletePolicyReview, DelegatePolicyReview, PolicyReviewPage, CompletePolicyReviewForm, DelegatePolicyReviewForm,
        ListTargetChannels, SaveTargetChannel, TargetChannelsPage, SaveTargetChannelForm,
    ];
}
