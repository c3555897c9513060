print("pinn-solve")
