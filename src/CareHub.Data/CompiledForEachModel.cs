using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareHub.Data;

/// <summary>
/// A query EF Core compiles once (<c>EF.CompileAsyncQuery</c>) instead of building, looking up and parameterizing its
/// expression on every run: for the reads served most often. EF Core binds a compiled query to the model it is
/// compiled against, so it is compiled once for each model it runs with (one in the app; one for each database in a
/// test run that uses both). <typeparamref name="TQuery"/> is the delegate <c>EF.CompileAsyncQuery</c> returns.
/// </summary>
public sealed class CompiledForEachModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback _compile = _ => compile();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(CareHubDbContext db) => _compiled.GetValue(db.Model, _compile);
}

/// <summary>
/// Compiles queries for each model. A query may call shapes written as expressions (<c>Shape.Invoke(...)</c>, such as
/// <see cref="Access.Participants.OwnMembersShape"/>): they are expanded into it before EF Core compiles it.
/// </summary>
public static class CompiledForEachModel
{
    public static CompiledForEachModel<Func<CareHubDbContext, T1, IAsyncEnumerable<TResult>>> Of<T1, TResult>(
        Expression<Func<CareHubDbContext, T1, IQueryable<TResult>>> query) => new(() => EF.CompileAsyncQuery(query.Expand()));

    public static CompiledForEachModel<Func<CareHubDbContext, T1, T2, T3, IAsyncEnumerable<TResult>>> Of<T1, T2, T3, TResult>(
        Expression<Func<CareHubDbContext, T1, T2, T3, IQueryable<TResult>>> query) => new(() => EF.CompileAsyncQuery(query.Expand()));

    public static CompiledForEachModel<Func<CareHubDbContext, T1, T2, T3, T4, T5, IAsyncEnumerable<TResult>>> Of<T1, T2, T3, T4, T5, TResult>(
        Expression<Func<CareHubDbContext, T1, T2, T3, T4, T5, IQueryable<TResult>>> query) => new(() => EF.CompileAsyncQuery(query.Expand()));

    public static CompiledForEachModel<Func<CareHubDbContext, T1, T2, T3, T4, T5, T6, IAsyncEnumerable<TResult>>> Of<T1, T2, T3, T4, T5, T6, TResult>(
        Expression<Func<CareHubDbContext, T1, T2, T3, T4, T5, T6, IQueryable<TResult>>> query) => new(() => EF.CompileAsyncQuery(query.Expand()));
}
