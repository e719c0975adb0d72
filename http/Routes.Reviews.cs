namespace EsafetyServerless.Http;

/// <summary>The registers', review cycle's and compliance routes (issue #5).</summary>
public static partial class Routes
{
    public const string RegisterItems = "api/agencies/{agencyId}/registers";
    public const string RegisterItem = "api/agencies/{agencyId}/registers/{itemId}";
    public const string AupSignatures = "api/agencies/{agencyId}/registers/{itemId}/signatures";
    public const string AupDocument = "api/agencies/{agencyId}/registers/{itemId}/document";
    public const string RegisterReviews = "api/agencies/{agencyId}/registers/{itemId}/reviews";
    public const string RegisterReviewDelegation = "api/agencies/{agencyId}/registers/{itemId}/delegation";
    public const string AgencyCompliance = "api/agencies/{agencyId}/compliance";
    public const string BoardCompliance = "api/compliance";
    public const string BoardComplianceCsv = "api/compliance.csv";
    public const string RegistersPage = "agencies/{agencyId}/registers";
    public const string RegisterItemPage = "agencies/{agencyId}/registers/{itemId}";
    public const string RegisterReviewForm = "agencies/{agencyId}/registers/{itemId}/review";
    public const string RegisterDelegationForm = "agencies/{agencyId}/registers/{itemId}/delegation";
    public const string AupSignatureForm = "agencies/{agencyId}/registers/{itemId}/signatures";
    public const string AddRegisterItemPage = "agencies/{agencyId}/add/{kind}";
    public const string AgencyCompliancePage = "agencies/{agencyId}/compliance";
    public const string BoardCompliancePage = "compliance";
}
