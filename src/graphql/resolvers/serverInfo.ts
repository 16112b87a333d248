import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { DatabaseMode } from '../enums.js';
import type { Context } from '../context.js';

@ObjectType({ description: 'The running service: version, tfjs backend and database mode.' })
export class ServerInfo {
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'tfjs backend in use: tensorflow, wasm or cpu.' }) backend!: string;
  @Field(() => DatabaseMode) databaseMode!: DatabaseMode;
}

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo)
  serverInfo(@Ctx() context: Context): ServerInfo {
    const { version, backend, databaseMode } = context.info;
    return { version, backend, databaseMode };
  }
}
