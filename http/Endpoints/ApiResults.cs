using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>How the API answers a use case's outcome: the value as JSON, or the failure as RFC 9457 problem details.</summary>
public static class ApiResults
{
    /// <summary>A file handed to the client (evidence, an AUP document): always an attachment, never sniffed or cached.</summary>
    public static IResult Attachment(HttpContext httpContext, Stream content, string contentType, string fileName)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.XContentTypeOptions = "nosniff";
        httpContext.Response.Headers.CacheControl = "no-store";
        return Results.Stream(content, contentType, fileName);
    }

    public static IResult Problem(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        int status = failure.Kind switch
        {
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Forbidden => StatusCodes.Status403Forbidden,
            FailureKind.Invalid => StatusCodes.Status400BadRequest,
            FailureKind.Conflict => StatusCodes.Status409Conflict,
            FailureKind.Gone => StatusCodes.Status410Gone,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Problems.Create(status, failure.Title, failure.Detail, failure.Errors?.ToDictionary());
    }

    /// <summary>The value through <paramref name="ok"/>, or the failure as problem details.</summary>
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(ok);
        return outcome.Failure is { } failure ? Problem(failure) : ok(outcome.Value);
    }

    /// <summary>JSON in the API's conventions (<see cref="ApiJson.Options"/>).</summary>
    public static IResult Json(object value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, ApiJson.Options, statusCode: statusCode);
}
