"""Operations: the failover drill, the cost model and the failover-time model."""
