import { useCallback, useEffect, useState } from 'react';
import { gatepost, type Product } from '../gatepost';
import { problemOf, type Problem } from '../problem';

/** `catalog.list`, read on mount and again after every order attempt (stock moves). */
export function useProducts(): { products: Product[] | undefined; problem: Problem | undefined; reload(): Promise<void> } {
  const [products, setProducts] = useState<Product[] | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | undefined>(undefined);
  const reload = useCallback(async () => {
    try {
      setProducts(await gatepost.trpc.catalog.list.query({}));
      setProblem(undefined);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { products, problem, reload };
}
