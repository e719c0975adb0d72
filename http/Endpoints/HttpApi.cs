using System.Text.Json;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>
/// The pipeline every endpoint runs through, in both hosts: resolve the principal (none → 401), find the person
/// in the directory (unknown → 403), check the role (wrong → 403), run the handler, and turn failures into
/// problem details rather than stack traces. Every answer carries the browser defences of <see cref="ResponseHeaders"/>.
/// </summary>
public sealed partial class HttpApi(IOutageDetector outages, PrincipalTrust principalTrust, ILogger<HttpApi> logger)
{
    public async Task<IResult> InvokeAsync(EndpointDefinition endpoint, HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(httpContext);
        ResponseHeaders.Apply(httpContext);
        Actor? actor = null;
        try
        {
            if (!endpoint.Access.AllowsAnonymous)
            {
                ClientPrincipal? principal = ClientPrincipal.FromRequest(httpContext.Request);
                if (principal is not null && principalTrust.Refusal(principal) is { } untrusted)
                {
                    LogPrincipalRefused(logger, endpoint.Name, untrusted);
                    principal = null;
                }

                string? signInName = principal?.SignInName;
                if (signInName is null)
                {
                    return WantsHtml(httpContext.Request) ? await Pages(httpContext).SignInRequiredAsync(httpContext.Request) : Problems.Unauthorized();
                }

                IdentifySignedInPerson identify = httpContext.RequestServices.GetRequiredService<IdentifySignedInPerson>();
                Outcome<Person> identified = await identify.ExecuteAsync(new SignInClaims(signInName, principal!.ObjectId, principal.TenantId), httpContext.RequestAborted);
                if (identified.Failure is { } refused)
                {
                    LogSignInRefused(logger, endpoint.Name, refused.Title);
                    return WantsHtml(httpContext.Request) ? await Pages(httpContext).RefusedAccountAsync(refused.Detail) : Problems.Forbidden(refused.Detail);
                }

                Person person = identified.Value;

                actor = new Actor(person, ClientAddress.Of(httpContext.Request));
                if (!endpoint.Access.Permits(actor))
                {
                    LogRoleDenied(logger, endpoint.Name, person.PersonId, person.Roles.ToAuditName());
                    return await DenyAsync(httpContext, actor, "Your role does not allow this.");
                }
            }

            if (CrossSitePosts.IsCrossSite(httpContext.Request))
            {
                return await DenyAsync(httpContext, actor, "This can only be sent from this service's own pages.");
            }

            IEndpointHandler handler = (IEndpointHandler)httpContext.RequestServices.GetRequiredService(endpoint.HandlerType);
            return await handler.HandleAsync(new EndpointRequest(httpContext, actor));
        }
        catch (BadHttpRequestException ex)
        {
            return WantsHtml(httpContext.Request)
                ? await Pages(httpContext).ProblemAsync(new PageContext(actor), ex.StatusCode, ex.Message)
                : Problems.Create(ex.StatusCode, "The request could not be read", ex.Message);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body is not valid JSON for this endpoint.");
        }
        catch (Workflows.Incidents.IncidentTooLargeException ex)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "The incident record is full", ex.Message);
        }
        catch (Workflows.Registers.RegisterItemTooLargeException ex)
        {
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "The register item is full", ex.Message);
        }
        catch (InvalidDataException)
        {
            return Problems.BadRequest("The form could not be read: it is malformed or too large.");
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (Exception ex) when (outages.IsOutage(ex) && !httpContext.RequestAborted.IsCancellationRequested)
        {
            // Storage or the durable engine is down or busy. What was accepted is kept (a submission is all there or
            // not at all, and finishes later); a retry with the same Idempotency-Key is safe.
            LogOutage(logger, ex, endpoint.Name);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WantsHtml(httpContext.Request)
                ? await Pages(httpContext).ProblemAsync(new PageContext(actor), StatusCodes.Status503ServiceUnavailable, OutageDetail)
                : Problems.Create(StatusCodes.Status503ServiceUnavailable, "The service is briefly unavailable", OutageDetail);
        }
        catch (Exception ex)
        {
            // A fault of ours, never of the input: log it, show no internals.
            LogUnhandled(logger, ex, endpoint.Name);
            return Problems.Create(StatusCodes.Status500InternalServerError, "Something went wrong on our side",
                "Nothing you sent was lost. Try again in a minute; if it keeps happening, tell your IT technician.");
        }
    }

    const int RetryAfterSeconds = 5;

    const string OutageDetail = "A service this one depends on did not answer in time. Try again in a few seconds: " +
        "anything already accepted is kept, and a retry with the same Idempotency-Key (or the same form) creates nothing twice.";

    /// <summary>403: a page with the navigation for a browser (when the person is known), problem details for the API.</summary>
    static async Task<IResult> DenyAsync(HttpContext httpContext, Actor? actor, string detail) =>
        WantsHtml(httpContext.Request) ? await Pages(httpContext).ForbiddenAsync(new PageContext(actor), detail) : Problems.Forbidden(detail);

    static PageRenderer Pages(HttpContext httpContext) => httpContext.RequestServices.GetRequiredService<PageRenderer>();

    /// <summary>Pages are asked for by browsers (Accept: text/html); the API answers problem JSON.</summary>
    static bool WantsHtml(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outage of a dependency while serving {Endpoint}; answered 503")]
    static partial void LogOutage(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in {Endpoint}")]
    static partial void LogUnhandled(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the principal header on {Endpoint}: {Why}")]
    static partial void LogPrincipalRefused(ILogger logger, string endpoint, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Denied {Endpoint}: the signed-in principal may not come in ({Refusal})")]
    static partial void LogSignInRefused(ILogger logger, string endpoint, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Denied {Endpoint} to person {PersonId} in role {Role}")]
    static partial void LogRoleDenied(ILogger logger, string endpoint, string personId, string role);
}
