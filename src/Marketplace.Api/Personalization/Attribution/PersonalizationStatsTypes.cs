using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace Marketplace.Api.Personalization.Attribution;

public sealed class ResponseSurfaceType : EnumerationGraphType<ResponseSurface>
{
    public ResponseSurfaceType() => Name = "ResponseSurface";
}

public sealed class OutcomeCountsType : ObjectGraphType<OutcomeCounts>
{
    public OutcomeCountsType()
    {
        Name = "PersonalizationOutcomes";
        Description = "Responses shown and what their viewers did: clicks and add-to-carts whose events cite the response's requestId.";
        Field<NonNullGraphType<IntGraphType>>("impressions").Description("Responses served.").Resolve(ctx => Clamp(ctx.Source.Impressions));
        Field<NonNullGraphType<IntGraphType>>("clicks").Resolve(ctx => Clamp(ctx.Source.Clicks));
        Field<NonNullGraphType<IntGraphType>>("addToCarts").Resolve(ctx => Clamp(ctx.Source.AddToCarts));
        Field<FloatGraphType>("clickThroughRate").Description("Clicks per impression; null without impressions.").Resolve(ctx => ctx.Source.ClickThroughRate);
        Field<FloatGraphType>("addToCartRate").Description("Add-to-carts per impression; null without impressions.").Resolve(ctx => ctx.Source.AddToCartRate);
    }

    private static int Clamp(long value) => (int)Math.Min(int.MaxValue, value);
}

public sealed class SurfaceStatsType : ObjectGraphType<SurfaceStats>
{
    public SurfaceStatsType()
    {
        Name = "PersonalizationSurfaceStats";
        Field<NonNullGraphType<ResponseSurfaceType>>("surface").Resolve(ctx => ctx.Source.Surface);
        Field<NonNullGraphType<OutcomeCountsType>>("personalized").Resolve(ctx => ctx.Source.Personalized);
        Field<NonNullGraphType<OutcomeCountsType>>("control").Resolve(ctx => ctx.Source.Control);
    }
}

public sealed class PersonalizationStatsType : ObjectGraphType<PersonalizationStatsReport>
{
    public PersonalizationStatsType()
    {
        Name = "PersonalizationStats";
        Description = "Personalized responses against the control: visitors held out of personalization (Personalization:HoldoutPercent) and callers who cannot be personalized.";
        Field<NonNullGraphType<DateTimeGraphType>>("from").Resolve(ctx => ctx.Source.From);
        Field<NonNullGraphType<DateTimeGraphType>>("to").Resolve(ctx => ctx.Source.To);
        Field<NonNullGraphType<OutcomeCountsType>>("personalized").Resolve(ctx => ctx.Source.Personalized);
        Field<NonNullGraphType<OutcomeCountsType>>("control").Resolve(ctx => ctx.Source.Control);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SurfaceStatsType>>>>("bySurface").Resolve(ctx => ctx.Source.BySurface);
        Field<FloatGraphType>("clickThroughLift")
            .Description("Personalized click-through rate over the control's, minus one (0.25: a quarter more clicks per impression); null while either rate is unknown or the control's is zero.")
            .Resolve(ctx => ctx.Source.ClickThroughLift);
    }
}

public static class PersonalizationStatsFields
{
    public static void AddPersonalizationStatsQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<PersonalizationStatsType>, PersonalizationStatsReport>("personalizationStats")
            .Description($"Admins: click-through and add-to-cart rates of personalized and control responses, over the whole UTC days from `from` to `to` (at most {PersonalizationStatsService.MaxDays} days).")
            .Argument<NonNullGraphType<DateTimeGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeGraphType>>("to")
            .Resolve().WithService<PersonalizationStatsService>()
            .ResolveAsync((ctx, stats) => stats.StatsAsync(ctx.GetArgument<DateTime>("from"), ctx.GetArgument<DateTime>("to"), ctx.CancellationToken)!);
}
