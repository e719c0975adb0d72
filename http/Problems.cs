using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http;

/// <summary>RFC 9457 problem details, the one error shape of the API.</summary>
public static class Problems
{
    public static IResult Create(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    {
        ProblemDetails problem = errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(errors)
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = "https://www.rfc-editor.org/rfc/rfc9110#status-" + status;
        return Results.Json(problem, ApiJson.Options, "application/problem+json", status);
    }

    public static IResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in to use this service.");

    public static IResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static IResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>400 with every field error, for clients to show beside each field.</summary>
    public static IResult FieldErrors(Workflows.Platform.FieldErrors errors, string detail = "Some fields need correcting.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        return BadRequest(detail, errors.ToDictionary());
    }

    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Create(StatusCodes.Status400BadRequest, "The request is not valid", detail, errors);
}
