import { useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list whose filters come from its address (?status=… from the 工作台 or another screen) reads them
 * when it mounts; this applies them again whenever the address changes while the list stays mounted:
 * another link to the same list, back and forward, the side navigation's link to the bare list.
 * `apply` runs during the render that sees the new address (the filters' own setters), so the list
 * never asks for its rows with the previous filters first. Call it after the filters' useState.
 */
export function useAddressChange(apply: (params: URLSearchParams) => void): void {
  const [params] = useSearchParams();
  const address = params.toString();
  const [seen, setSeen] = useState(address);
  if (address !== seen) {
    setSeen(address);
    apply(params);
  }
}
