from cspreport.cli import main

main()
