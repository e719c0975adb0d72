namespace EsafetyServerless.Workflows.Platform;

/// <summary>Why a use case did not do what was asked. Each edge maps a kind to its own answer (a status, a page).</summary>
public enum FailureKind
{
    /// <summary>The record does not exist (or the actor may not know it exists).</summary>
    NotFound,

    /// <summary>The actor may not do this.</summary>
    Forbidden,

    /// <summary>The input has field errors; nothing was stored.</summary>
    Invalid,

    /// <summary>The record is not in a state that allows this (already done, someone else acted first).</summary>
    Conflict,

    /// <summary>The record or link existed but is no longer available.</summary>
    Gone,

    /// <summary>The input is well formed but a rule of the standard forbids the action (for example, reviewing illegal material).</summary>
    Refused,
}

/// <param name="Title">A short summary, the same for every occurrence of this failure ("Already triaged").</param>
/// <param name="Detail">What happened and what to do, in plain language.</param>
/// <param name="Errors">For <see cref="FailureKind.Invalid"/>: the fields to correct.</param>
public sealed record Failure(FailureKind Kind, string Title, string Detail, FieldErrors? Errors = null);

/// <summary>Nothing to return but success.</summary>
public readonly record struct Done;

/// <summary>Failures, named by kind, that convert to any <see cref="Outcome{T}"/>.</summary>
public static class Outcome
{
    public static Done Done => default;

    public static Failure NotFound(string detail) => new(FailureKind.NotFound, "Not found", detail);

    public static Failure Forbidden(string detail) => new(FailureKind.Forbidden, "Not allowed", detail);

    public static Failure Invalid(FieldErrors errors, string detail = "Some fields need correcting.") =>
        new(FailureKind.Invalid, "The request is not valid", detail, errors);

    public static Failure Invalid(string field, string message) =>
        Invalid(FieldErrors.Of(field, message), message + ".");

    public static Failure Conflict(string title, string detail) => new(FailureKind.Conflict, title, detail);

    public static Failure Gone(string title, string detail) => new(FailureKind.Gone, title, detail);

    public static Failure Refused(string title, string detail) => new(FailureKind.Refused, title, detail);
}

/// <summary>
/// What a use case returns: the value, or why not. A value or a <see cref="Failure"/> converts to it implicitly, so a
/// use case reads <c>return Outcome.NotFound("…");</c> or <c>return incident;</c>.
/// </summary>
public sealed class Outcome<T>
{
    readonly T? value;

    Outcome(T value) => this.value = value;

    Outcome(Failure failure) => this.Failure = failure;

    /// <summary>Null when the use case succeeded.</summary>
    public Failure? Failure { get; }

    public bool Succeeded => this.Failure is null;

    /// <summary>The value of a successful outcome.</summary>
    public T Value => this.Failure is null ? this.value! : throw new InvalidOperationException("The use case failed: " + this.Failure.Title);

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Failure failure) => new(failure ?? throw new ArgumentNullException(nameof(failure)));

    /// <summary>The same failure, or <paramref name="map"/> applied to the value.</summary>
    public Outcome<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this.Failure is { } failure ? failure : map(this.Value);
    }
}
