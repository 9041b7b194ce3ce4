export * from './posting-restrictions.projection';
