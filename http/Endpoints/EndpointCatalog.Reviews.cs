using EsafetyServerless.Http.Reviews;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>The 12-month review cycle, the registers and compliance (issue #5).</summary>
public static partial class EndpointCatalog
{
    /// <summary>Who keeps the registers: the officer and senior manager, and the technician for filtering and technology.</summary>
    static readonly Access Keepers = Access.For(Role.EsafetyOfficer, Role.SeniorManager, Role.Technician);

    /// <summary>Everyone in an agency: staff sign the staff AUP and may hold a delegated review (handlers check which).</summary>
    static readonly Access AgencyPeople = Access.For(Role.Staff, Role.EsafetyOfficer, Role.SeniorManager, Role.Technician);

    /// <summary>The agency's leads see their own compliance; the board admin sees every agency's.</summary>
    static readonly Access ComplianceReaders = Access.For(Role.EsafetyOfficer, Role.SeniorManager, Role.BoardAdmin);

    public static readonly EndpointDefinition ListRegisterItems =
        new(nameof(ListRegisterItems), HttpMethods.Get, Routes.RegisterItems, Keepers, typeof(ListRegisterItemsEndpoint));

    public static readonly EndpointDefinition CreateRegisterItem =
        new(nameof(CreateRegisterItem), HttpMethods.Post, Routes.RegisterItems, Keepers, typeof(CreateRegisterItemEndpoint));

    public static readonly EndpointDefinition GetRegisterItem =
        new(nameof(GetRegisterItem), HttpMethods.Get, Routes.RegisterItem, Keepers, typeof(GetRegisterItemEndpoint));

    public static readonly EndpointDefinition UpdateRegisterItem =
        new(nameof(UpdateRegisterItem), HttpMethods.Put, Routes.RegisterItem, Keepers, typeof(UpdateRegisterItemEndpoint));

    public static readonly EndpointDefinition ListAupSignatures =
        new(nameof(ListAupSignatures), HttpMethods.Get, Routes.AupSignatures, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(ListAupSignaturesEndpoint));

    public static readonly EndpointDefinition SignAup =
        new(nameof(SignAup), HttpMethods.Post, Routes.AupSignatures, AgencyPeople, typeof(SignAupEndpoint));

    public static readonly EndpointDefinition UploadAupDocument =
        new(nameof(UploadAupDocument), HttpMethods.Put, Routes.AupDocument, Access.For(Role.EsafetyOfficer, Role.SeniorManager), typeof(UploadAupDocumentEndpoint));

    public static readonly EndpointDefinition CompleteRegisterReview =
        new(nameof(CompleteRegisterReview), HttpMethods.Post, Routes.RegisterReviews, AgencyPeople, typeof(CompleteReviewEndpoint));

    public static readonly EndpointDefinition DelegateRegisterReview =
        new(nameof(DelegateRegisterReview), HttpMethods.Post, Routes.RegisterReviewDelegation, AgencyPeople, typeof(DelegateReviewEndpoint));

    public static readonly EndpointDefinition GetAgencyCompliance =
        new(nameof(GetAgencyCompliance), HttpMethods.Get, Routes.AgencyCompliance, ComplianceReaders, typeof(GetAgencyComplianceEndpoint));

    public static readonly EndpointDefinition GetBoardCompliance =
        new(nameof(GetBoardCompliance), HttpMethods.Get, Routes.BoardCompliance, Access.For(Role.BoardAdmin), typeof(GetBoardComplianceEndpoint));

    public static readonly EndpointDefinition ExportBoardCompliance =
        new(nameof(ExportBoardCompliance), HttpMethods.Get, Routes.BoardComplianceCsv, Access.For(Role.BoardAdmin), typeof(ExportBoardComplianceEndpoint));

    public static readonly EndpointDefinition RegistersPage =
        new(nameof(RegistersPage), HttpMethods.Get, Routes.RegistersPage, Keepers, typeof(RegistersPageEndpoint));

    public static readonly EndpointDefinition RegisterItemPage =
        new(nameof(RegisterItemPage), HttpMethods.Get, Routes.RegisterItemPage, AgencyPeople, typeof(RegisterItemPageEndpoint));

    public static readonly EndpointDefinition SubmitRegisterReviewForm =
        new(nameof(SubmitRegisterReviewForm), HttpMethods.Post, Routes.RegisterReviewForm, AgencyPeople, typeof(SubmitReviewFormEndpoint));

    public static readonly EndpointDefinition SubmitRegisterDelegationForm =
        new(nameof(SubmitRegisterDelegationForm), HttpMethods.Post, Routes.RegisterDelegationForm, AgencyPeople, typeof(SubmitDelegationFormEndpoint));

    public static readonly EndpointDefinition AgencyCompliancePage =
        new(nameof(AgencyCompliancePage), HttpMethods.Get, Routes.AgencyCompliancePage, ComplianceReaders, typeof(AgencyCompliancePageEndpoint));

    public static readonly EndpointDefinition BoardCompliancePage =
        new(nameof(BoardCompliancePage), HttpMethods.Get, Routes.BoardCompliancePage, Access.For(Role.BoardAdmin), typeof(BoardCompliancePageEndpoint));

    public static readonly EndpointDefinition AddRegisterItemPage =
        new(nameof(AddRegisterItemPage), HttpMethods.Get, Routes.AddRegisterItemPage, Keepers, typeof(AddRegisterItemPageEndpoint));

    public static readonly EndpointDefinition SubmitRegisterItemForm =
        new(nameof(SubmitRegisterItemForm), HttpMethods.Post, Routes.AddRegisterItemPage, Keepers, typeof(SubmitRegisterItemFormEndpoint));

    public static readonly EndpointDefinition SubmitAupSignatureForm =
        new(nameof(SubmitAupSignatureForm), HttpMethods.Post, Routes.AupSignatureForm, AgencyPeople, typeof(SubmitSignatureFormEndpoint));

    static EndpointDefinition[] ReviewEndpoints() =>
    [
        ListRegisterItems,
        CreateRegisterItem,
        GetRegisterItem,
        UpdateRegisterItem,
        ListAupSignatures,
        SignAup,
        UploadAupDocument,
        CompleteRegisterReview,
        DelegateRegisterReview,
        GetAgencyCompliance,
        GetBoardCompliance,
        ExportBoardCompliance,
        RegistersPage,
        RegisterItemPage,
        SubmitRegisterReviewForm,
        SubmitRegisterDelegationForm,
        AgencyCompliancePage,
        BoardCompliancePage,
        AddRegisterItemPage,
        SubmitRegisterItemForm,
        SubmitAupSignatureForm,
    ];
}
