using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Escalation;

/// <summary>
/// <c>GET /referrals/{token}</c>: the page behind the signed link in a notice. Its holder (the LADO, First Response…)
/// has no account here: the link is their authority. It shows the referral summary — agency, reference, category,
/// urgency, the officer's contact; never names — and a form to acknowledge with their own reference.
/// A changed link is refused (403); an old one has expired (410). Every view is in the agency's audit trail.
/// </summary>
[Endpoint("GET", "referrals/{token}", Anonymous = true)]
public sealed class ReferralPageEndpoint(OpenReferral openReferral, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string token = request.RouteValue("token");
        Outcome<Referral> opened = await openReferral.ExecuteAsync(new ReferralLink(token, request.From), request.Aborted);
        return opened.Failure is { } refused
            ? await ReferralPages.RefusedAsync(pages, refused)
            : await pages.RenderAsync<ReferralPage, ReferralPageModel>(PageContext.Anonymous, new(opened.Value, token, FormState.Empty));
    }
}

/// <summary><c>POST /referrals/{token}</c> (form: <c>reference</c>): the holder acknowledges the referral with their own reference number.</summary>
[Endpoint("POST", "referrals/{token}", Anonymous = true)]
public sealed class AcknowledgeReferralEndpoint(AcknowledgeReferral acknowledgeReferral, OpenReferral openReferral, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string token = request.RouteValue("token");
        ReferralLink link = new(token, request.From);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<Referral> acknowledged = await acknowledgeReferral.ExecuteAsync(link, new ReferralAcknowledgementDraft(form["reference"].ToString()), request.Aborted);
        if (acknowledged.Failure is { Kind: FailureKind.Invalid, Errors: { } errors })
        {
            // Shown again with what to correct: the referral's details are viewed again, and audited as such.
            Outcome<Referral> opened = await openReferral.ExecuteAsync(link, request.Aborted);
            return opened.Failure is { } refused
                ? await ReferralPages.RefusedAsync(pages, refused)
                : await pages.RenderAsync<ReferralPage, ReferralPageModel>(PageContext.Anonymous, new(opened.Value, token, FormState.Posted(form, errors)), StatusCodes.Status400BadRequest);
        }

        return acknowledged.Failure is { } failure
            ? await ReferralPages.RefusedAsync(pages, failure)
            : await pages.RenderAsync<ReferralPage, ReferralPageModel>(PageContext.Anonymous, new(acknowledged.Value, token, FormState.Empty));
    }
}

/// <param name="Token">The signed link's token, which the acknowledgement form posts back to.</param>
/// <param name="Form">The acknowledgement form's values and errors.</param>
public sealed record ReferralPageModel(Referral Referral, string Token, FormState Form);

static class ReferralPages
{
    /// <summary>A link that does not open: what happened and whom to contact, for someone with no account here.</summary>
    public static Task<IResult> RefusedAsync(PageRenderer pages, Failure failure)
    {
        int status = failure.Kind switch
        {
            FailureKind.Forbidden => StatusCodes.Status403Forbidden,
            FailureKind.Gone => StatusCodes.Status410Gone,
            FailureKind.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status404NotFound,
        };
        return pages.RenderAsync<ReferralRefusedPage, Failure>(PageContext.Anonymous, failure, status);
    }
}
