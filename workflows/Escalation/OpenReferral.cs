using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// The holder of a referral link (the LADO, the First Response Team…) opens it: the referral's summary, never names.
/// Every view is in the agency's audit trail.
/// </summary>
public sealed class OpenReferral(ReferralLinks referralLinks) : IUseCase
{
    public async Task<Outcome<Referral>> ExecuteAsync(ReferralLink link, CancellationToken cancellationToken)
    {
        Outcome<OpenedReferral> opened = await referralLinks.OpenAsync(link, cancellationToken);
        if (opened.Failure is { } refused)
        {
            return refused;
        }

        await referralLinks.AuditAsync(opened.Value, AuditActions.Read, "referral-viewed");
        return opened.Value.ToReferral();
    }
}
