// The read plan (PostgREST's ReadPlan): resolves a parsed request against the schema cache: which relationship each embed follows,
// which conditions, order and paging apply at each level.
import { aggregatesNotAllowed, duplicateAlias, noRelationship, notEmbedded, relatedOrderNotToOne, spreadNotToOne } from '../errors.ts';
import type { Condition, OrderTerm, SelectItem } from '../request/parser.ts';
import type { QueryParams } from '../request/query-params.ts';
import type { SchemaCache, Table } from '../schema-cache.ts';
import { findRelationship, type Relationship } from './relationships.ts';

export type { Relationship };

export interface EmbedPlan {
  key: string; name: string; rel: Relationship; plan: ReadPlan;
  inner: boolean; spread: boolean; toOne: boolean; lateral: string;
}

export type PlannedItem =
  | { kind: 'star' }
  | { kind: 'field'; item: Extract<SelectItem, { kind: 'field' }> }
  | { kind: 'embed'; embed: EmbedPlan };

export interface PlannedOrder { term: OrderTerm; embed?: EmbedPlan }

export interface ReadPlan {
  table?: Table; alias: string; items: PlannedItem[]; embeds: EmbedPlan[];
  conditions: Condition[]; order: PlannedOrder[]; limit?: number; offset?: number;
}

let aliasCounter = 0;

export function planRead(cache: SchemaCache, table: Table | undefined, q: QueryParams, rootAlias = table?.name ?? 'pgrst_rows'): ReadPlan {
  aliasCounter = 0;
  if (!cache.settings.aggregatesEnabled && usesAggregates(q.select)) {
    throw aggregatesNotAllowed();
  }
  const plan = planLevel(cache, table, q.select, q, '', rootAlias, 0);
  // Every condition/order/limit path must name an embed of the select.
  for (const map of [q.conditions, q.order, q.limit, q.offset] as Map<string, unknown>[]) {
    for (const path of map.keys()) {
      if (path !== '' && !findPath(plan, path.split('.'))) {
        const name = path.split('.').pop()!;
        throw notEmbedded(name);
      }
    }
  }
  return plan;
}

function usesAggregates(select: SelectItem[]): boolean {
  return select.some((i) => (i.kind === 'field' && !!i.aggregate) || (i.kind === 'embed' && usesAggregates(i.select)));
}

function findPath(plan: ReadPlan, path: string[]): ReadPlan | undefined {
  if (path.length === 0) return plan;
  const embed = plan.embeds.find((e) => e.key === path[0] || e.name === path[0]);
  return embed ? findPath(embed.plan, path.slice(1)) : undefined;
}

function planLevel(cache: SchemaCache, table: Table | undefined, select: SelectItem[], q: QueryParams, path: string, alias: string, depth: number): ReadPlan {
  const plan: ReadPlan = {
    table, alias, items: [], embeds: [],
    conditions: q.conditions.get(path) ?? [], order: [], limit: q.limit.get(path), offset: q.offset.get(path),
  };
  for (const item of select) {
    if (item.kind === 'star') { plan.items.push(item); continue; }
    if (item.kind === 'field') { plan.items.push({ kind: 'field', item }); continue; }
    if (!table) throw noRelationship('', item.name, item.hints, '');
    const rel = findRelationship(cache, table, item.name, item.hints);
    const key = item.alias ?? item.name;
    if (!item.alias && !item.spread && plan.embeds.some((e) => e.key === key)) {
      // PostgREST names both joins alike and PostgreSQL refuses the statement.
      throw duplicateAlias(`${alias}_${item.name}_${depth + 1}`);
    }
    const childPathByKey = path ? `${path}.${key}` : key;
    const childPathByName = path ? `${path}.${item.name}` : item.name;
    const childQ = q.conditions.has(childPathByKey) || q.order.has(childPathByKey) || q.limit.has(childPathByKey) || q.offset.has(childPathByKey)
      ? childPathByKey : childPathByName;
    const toOne = rel.cardinality === 'many-to-one' || rel.cardinality === 'one-to-one';
    if (item.spread && !toOne) {
      throw spreadNotToOne(table.name, item.name);
    }
    const embed: EmbedPlan = {
      key, name: item.name, rel, inner: item.joinType === 'inner', spread: item.spread, toOne,
      lateral: `pgrst_${alias}_${++aliasCounter}`,
      plan: planLevel(cache, rel.target, item.select, q, childQ, `${rel.target.name}_${depth + 1}`, depth + 1),
    };
    plan.embeds.push(embed);
    plan.items.push({ kind: 'embed', embed });
  }
  for (const term of q.order.get(path) ?? []) {
    if (!term.relation) { plan.order.push({ term }); continue; }
    const embed = plan.embeds.find((e) => e.key === term.relation || e.name === term.relation);
    if (!embed || !embed.toOne) {
      throw relatedOrderNotToOne(table?.name ?? '', term.relation);
    }
    plan.order.push({ term, embed });
  }
  return plan;
}

