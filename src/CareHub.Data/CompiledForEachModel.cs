using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareHub.Data;

/// <summary>
/// A query EF Core compiles once (<c>EF.CompileAsyncQuery</c>) instead of building, looking up and parameterizing its
/// expression on every run: for the reads served most often. EF Core binds a compiled query to the model it is
/// compiled against, so it is compiled once for each model it runs with (one in the app; one for each database in a
/// test run that uses both).
/// </summary>
public sealed class CompiledForEachModel<TParam, TResult>
{
    private readonly ConditionalWeakTable<IModel, Func<CareHubDbContext, TParam, IAsyncEnumerable<TResult>>> _compiled = [];
    private readonly ConditionalWeakTable<IModel, Func<CareHubDbContext, TParam, IAsyncEnumerable<TResult>>>.CreateValueCallback _compile;

    public CompiledForEachModel(Expression<Func<CareHubDbContext, TParam, IQueryable<TResult>>> query) =>
        _compile = _ => EF.CompileAsyncQuery(query);

    /// <summary>Runs the query for <paramref name="param"/> in <paramref name="db"/>.</summary>
    public IAsyncEnumerable<TResult> Run(CareHubDbContext db, TParam param) => _compiled.GetValue(db.Model, _compile)(db, param);
}
