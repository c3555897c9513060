print("pinn-bench")
