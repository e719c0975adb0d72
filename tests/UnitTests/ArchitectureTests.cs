using System.Reflection;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.UnitTests;

/// <summary>
/// The layering the README's architecture section promises: the core knows nothing of HTTP or the durable client, its
/// capabilities depend on each other one way only, and every endpoint is declared once on a handler.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly Assembly Core = typeof(WorkflowCatalog).Assembly;

    [Fact]
    public void The_core_references_neither_ASP_NET_Core_nor_the_durable_client()
    {
        string[] references = [.. Core.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.DurableTask.Client", references);
    }

    [Fact]
    public void The_core_capabilities_have_no_dependency_cycles()
    {
        Dictionary<string, HashSet<string>> uses = [];
        foreach (Type type in Core.GetTypes().Where(t => t.Namespace is not null))
        {
            HashSet<string> edges = uses.TryGetValue(type.Namespace!, out HashSet<string>? set) ? set : uses[type.Namespace!] = [];
            foreach (Type used in SignatureTypes(type).Where(t => t.Assembly == Core && t.Namespace is not null && t.Namespace != type.Namespace))
            {
                edges.Add(used.Namespace!);
            }
        }

        List<string> cycles = [];
        foreach ((string from, HashSet<string> to) in uses)
        {
            foreach (string next in to.Where(n => Reaches(uses, n, from)))
            {
                cycles.Add(from + " -> " + next);
            }
        }

        Assert.Empty(cycles);
    }

    [Fact]
    public void Every_use_case_returns_an_outcome_and_takes_no_HTTP_types()
    {
        foreach (Type useCase in Core.GetTypes().Where(t => t.IsClass && typeof(IUseCase).IsAssignableFrom(t)))
        {
            MethodInfo execute = Assert.Single(useCase.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly), m => m.Name == "ExecuteAsync");
            Assert.True(execute.ReturnType.IsGenericType && execute.ReturnType.GetGenericArguments()[0].IsGenericType
                && execute.ReturnType.GetGenericArguments()[0].GetGenericTypeDefinition() == typeof(Outcome<>), useCase.Name + " does not return Task<Outcome<T>>");
        }
    }

    [Fact]
    public void Every_handler_declares_its_endpoint_and_every_declaration_is_valid()
    {
        Type[] handlers = [.. typeof(EndpointCatalog).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IEndpointHandler).IsAssignableFrom(t))];

        Assert.Equal(handlers.Length, EndpointCatalog.All.Count);
        Assert.Equal(EndpointCatalog.All.Count, EndpointCatalog.All.Select(e => e.Name).Distinct().Count());
        Assert.Equal(EndpointCatalog.All.Count, EndpointCatalog.All.Select(e => e.Method + " " + e.Route).Distinct().Count());
    }

    static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string target)
    {
        HashSet<string> seen = [];
        Stack<string> pending = new([from]);
        while (pending.TryPop(out string? current))
        {
            if (current == target)
            {
                return true;
            }

            if (seen.Add(current) && uses.TryGetValue(current, out HashSet<string>? next))
            {
                foreach (string n in next)
                {
                    pending.Push(n);
                }
            }
        }

        return false;
    }

    /// <summary>The types a type's declaration names: base type, interfaces, fields, properties, constructors' and methods' signatures.</summary>
    static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> named =
        [
            .. type.BaseType is { } b ? [b] : Array.Empty<Type>(),
            .. type.GetInterfaces(),
            .. type.GetFields(All).Select(f => f.FieldType),
            .. type.GetProperties(All).Select(p => p.PropertyType),
            .. type.GetConstructors(All).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType),
            .. type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)),
        ];
        return named.SelectMany(Unwrap);
    }

    static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition()) : [type];
    }
}
